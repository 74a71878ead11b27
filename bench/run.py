"""Benchmark public pages on a production-like server; writes docs/benchmarks.md.

PostgreSQL (database community_bench, recreated), Redis cache, granian serving the WSGI app with
production settings, the demo community loaded. Requests come from separate client processes on
loopback, bounded in count and time. Figures are ratios against a bare Django view measured in the
same run, since absolute times drift on shared machines. Query counts come from the test client.

    .venv/bin/python bench/run.py [--seconds 5] [--clients 8] [--workers 2]
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST, PORT = "127.0.0.1", 8901
DATABASE = "community_bench"
PAGES = [
    "/bench/bare/",
    "/",
    "/blog/",
    "/disclosures/",
    "/hearings/",
    "/showcases/",
    "/search/?q=%E5%90%AC%E8%AF%81",  # 听证
    "/blog/green-space-renovation/",  # a topic with comments
    "/hearings/parking-management-hearing/",  # a notice with the hearings module
    "/blog/parking-motion/",  # a topic with comments and an open ballot
]


def environment():
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        REDIS_URL="redis://127.0.0.1:6379/9",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WAGTAILADMIN_BASE_URL=f"http://{HOST}:{PORT}",
        PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'site'}",
        VAR_DIR=str(ROOT / "var" / "bench"),
    )
    return env


PG = ["-h", "127.0.0.1", "-U", "postgres"]


def prepare(env):
    subprocess.run(["dropdb", *PG, "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", *PG, DATABASE], check=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*manage, "load_demo", "--force", "-v0"], env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)


def serve(env, workers):
    granian = Path(sys.executable).with_name("granian")
    command = [str(granian), "--interface", "wsgi", "--host", HOST, "--port", str(PORT)]
    command += ["--workers", str(workers), "--log-level", "warning", "config.wsgi:application"]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = HTTPConnection(HOST, PORT, timeout=2)
            connection.request("GET", "/bench/bare/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("granian did not answer within 30 s")


def client(path, seconds, headers):
    """One keep-alive client: as many GETs as fit in ``seconds`` (at most 100,000)."""
    connection = HTTPConnection(HOST, PORT, timeout=10)
    latencies, statuses = [], set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and len(latencies) < 100_000:
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
        statuses.add(response.status)
    return latencies, statuses


# A cookie keeps a request out of the page cache (config/middleware.py): the page is rendered.
RENDERED = {"Cookie": "bench=rendered"}


def load(path, seconds, clients, headers=None):
    with ProcessPoolExecutor(clients) as pool:
        calls = [path] * clients, [seconds] * clients, [headers or {}] * clients
        results = list(pool.map(client, *calls))
    latencies = sorted(latency for part, _ in results for latency in part)
    statuses = set().union(*(status for _, status in results))
    return {
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95)] * 1000,
        "statuses": sorted(statuses),
    }


def query_counts(env):
    script = (  # run in a child so Django is set up with the benchmark's environment
        "import django, json; django.setup();"
        "from django.test import Client; from django.db import connection;"
        "from django.test.utils import CaptureQueriesContext;"
        "c = Client(HTTP_HOST='127.0.0.1'); out = {}\n"
        f"for p in {PAGES[1:]!r}:\n"
        "    with CaptureQueriesContext(connection) as q: r = c.get(p)\n"
        "    out[p] = (r.status_code, len(q))\n"
        "print(json.dumps(out))"
    )
    command = [sys.executable, "-c", script]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(results, queries, args):
    bare = results["/bench/bare/"][0]["rps"]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `bench/run.py`: granian (WSGI, {args.workers} workers), production settings, "
        "PostgreSQL, Redis cache, the demo community; "
        f"{args.clients} keep-alive client processes on loopback for {args.seconds} s per URL, "
        "on a 2-core machine shared with the clients. "
        "Ratios are against the bare Django view of the same run.",
        "",
        "Rendered: every request carries a cookie, so the page is built each time. Cached: no "
        "cookie, as for an anonymous first visit, so the page cache answers.",
        "",
        "| URL | status | SQL queries | rendered req/s | ratio | p50 ms | p95 ms "
        "| cached req/s | ratio | p50 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for path, (rendered, cached) in results.items():
        count = queries[path][1] if path in queries else 0
        lines.append(
            f"| `{path}` | {','.join(map(str, rendered['statuses']))} | {count} "
            f"| {rendered['rps']:.0f} | {rendered['rps'] / bare:.3f} | {rendered['p50']:.1f} "
            f"| {rendered['p95']:.1f} | {cached['rps']:.0f} | {cached['rps'] / bare:.2f} "
            f"| {cached['p50']:.1f} |"
        )
    lines += ["", f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.", ""]
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    env = environment()
    prepare(env)
    server = serve(env, args.workers)
    try:
        results = {
            path: (
                load(path, args.seconds, args.clients, RENDERED),
                load(path, args.seconds, args.clients),
            )
            for path in PAGES
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
    report(results, query_counts(env), args)
    subprocess.run(["dropdb", *PG, "--if-exists", DATABASE], check=True)


if __name__ == "__main__":
    main()
