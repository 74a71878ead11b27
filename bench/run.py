"""Measure issue 12's figures on a production-like server in one run; writes docs/benchmarks.md.

granian (WSGI, 2 workers of 4 threads) with production settings (bench/settings.py), PostgreSQL
(database cms_bench, created and dropped by the run), Redis (db 9), the demo community plus the
bench's own residents, topics and ballots (bench/inside.py). The figure per page is server CPU
per request: utime + stime of granian and its workers (/proc) over a load phase, divided by the
requests served; phases are interleaved over rounds (page order rotated) and the median taken.
Goals are ratios to the bare Django view of the same run.

    make bench      (or: .venv/bin/python -m bench.run [--seconds 1.2] [--rounds 3] [--clients 8])
"""

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import report, server
from bench.goals import median
from bench.load import FORM, ConnectionSampler, cast_twice, hammer
from bench.procstat import cpu_seconds

RENDERED = {"Cookie": "bench=rendered"}  # any cookie keeps a request out of the page cache
CONNECTION_CLIENTS = 64


def targets(fixture) -> list[dict]:
    """Every page measured, each as one load target (method, path, headers, body)."""
    cookies, reader = fixture["cookies"], fixture["reader"]["session"]
    signed_in = {"Cookie": f"{cookies['session']}={reader}"}
    found = []
    for page in fixture["pages"]:
        found.append({**page, "variant": "rendered", "headers": RENDERED, "queries": page["path"]})
        if page["kind"] != "bare":
            hit = {"variant": "cache hit", "kind": "cache_hit", "queries": f"hit {page['path']}"}
            found.append({**page, **hit, "headers": {}})
    topic = next(page for page in fixture["pages"] if page["name"] == "topic with comments")
    found.append(
        {
            **topic,
            "variant": "signed in",
            "kind": "signed_in",
            "headers": signed_in,
            "queries": "signed-in topic",
        }
    )
    for count, path in fixture["comments"].items():
        found.append(
            {
                "kind": "comments",
                "name": f"topic with {count} comments",
                "path": path,
                "variant": "signed in",
                "headers": signed_in,
                "queries": f"signed-in comments-{count}",
                "comments": int(count),
            }
        )
    found.append(
        {
            "kind": "result",
            "name": "certified ballot, 10,000 votes",
            "variant": "rendered",
            "path": fixture["certified"]["page"],
            "headers": RENDERED,
            "queries": "certified",
        }
    )
    csrf = fixture["csrf"]
    found.append(
        {
            "kind": "minimal",
            "name": "minimal vote POST",
            "variant": "POST",
            "path": fixture["minimal_vote"]["url"],
            "method": "POST",
            "headers": {"Cookie": f"{cookies['csrf']}={csrf}", **FORM},
            "body": f"voter={{n}}&vote=for&csrfmiddlewaretoken={csrf}",
            "queries": "minimal vote",
        }
    )
    # The same POST from a signed-in resident: their session and account are read (the floor
    # of every signed-in POST, a cast's included), so the report can say what that costs.
    found.append(
        {
            **found[-1],
            "kind": "minimal_signed_in",
            "name": "minimal vote POST, signed in",
            "headers": {
                "Cookie": f"{cookies['session']}={reader}; {cookies['csrf']}={csrf}",
                **FORM,
            },
            "queries": "minimal vote signed in",
        }
    )
    for number, target in enumerate(found):
        target["key"] = number
    return found


def request_of(target):
    return (target.get("method", "GET"), target["path"], target["headers"], target.get("body"))


class Bench:
    def __init__(self, args, pool, pid, port):
        self.args, self.pool, self.pid, self.port = args, pool, pid, port
        self.phases = 0  # numbers the unique voters of the minimal POSTs across phases

    def load(self, requests, seconds, threads=None) -> dict:
        """One load phase: the server's CPU and the answers over the client processes, each
        with ``threads`` keep-alive connections."""
        clients = self.args.clients
        threads = threads or max(1, self.args.connections // clients)
        self.phases += 1
        base = self.phases * 100 * 1_000_000
        before, started = cpu_seconds(self.pid), time.perf_counter()
        futures = [
            self.pool.submit(
                hammer, self.port, requests, seconds, threads, base + n * 10 * 1_000_000
            )
            for n in range(clients)
        ]
        parts = [future.result() for future in futures]
        wall, cpu = time.perf_counter() - started, cpu_seconds(self.pid) - before
        latencies = sorted(latency for part in parts for latency in part["latencies"])
        statuses = {}
        for part in parts:
            for status, n in part["statuses"].items():
                statuses[str(status)] = statuses.get(str(status), 0) + n
        served = len(latencies)
        return {
            "requests": served,
            "cpu_ms": cpu * 1000 / served if served else None,
            "rps": served / wall,
            "p50_ms": latencies[served // 2] * 1000 if served else None,
            "statuses": statuses,
            "size": max((size for part in parts for size in part["sizes"].values()), default=0),
        }

    def pages(self, found) -> dict:
        """Every target once per round, the order rotated each round; medians per target."""
        for target in found:  # warm every worker's templates and caches, unmeasured
            self.load([request_of(target)], self.args.warmup)
        rounds = {target["key"]: [] for target in found}
        for number in range(self.args.rounds):
            shift = number * len(found) // self.args.rounds
            for target in found[shift:] + found[:shift]:
                rounds[target["key"]].append(self.load([request_of(target)], self.args.seconds))
            print(f"round {number + 1}/{self.args.rounds} done", flush=True)
        # Keyed by text, as JSON keeps them in var/bench/results.json.
        return {str(key): summarise(phases) for key, phases in rounds.items()}

    def casts(self, fixture) -> dict:
        """Every voter's paper sent twice at once, spread over the client processes."""
        ballot, clients = fixture["ballot"], self.args.clients
        slices = [ballot["voters"][n::clients] for n in range(clients)]
        with ConnectionSampler(server.DATABASE) as sampler:
            before, started = cpu_seconds(self.pid), time.perf_counter()
            futures = [
                self.pool.submit(
                    cast_twice, self.port, ballot["url"], part, fixture["cookies"], fixture["csrf"]
                )
                for part in slices
            ]
            parts = [future.result() for future in futures]
            wall, cpu = time.perf_counter() - started, cpu_seconds(self.pid) - before
        answers = {voter: copies for part in parts for voter, copies in part["answers"].items()}
        posts = sum(len(copies) for copies in answers.values())
        return {
            "answers": answers,
            "voters": len(answers),
            "posts": posts,
            "seconds": wall,
            "cpu_ms_per_post": cpu * 1000 / posts,
            "cpu_ms_per_vote": cpu * 1000 / len(answers),
            "connections": sampler.highest,
        }

    def connections(self, found) -> dict:
        """64 concurrent clients on the rendered pages while the connections are counted."""
        mix = [
            request_of(target)
            for target in found
            if target["variant"] in ("rendered", "signed in") and target["kind"] != "bare"
        ]
        threads = CONNECTION_CLIENTS // self.args.clients
        with ConnectionSampler(server.DATABASE) as sampler:
            result = self.load(mix, self.args.seconds * 4, threads=threads)
        return {**result, "clients": threads * self.args.clients, "highest": sampler.highest}


def summarise(phases) -> dict:
    statuses = {}
    for phase in phases:
        for status, n in phase["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
    return {
        "cpu_ms": median([phase["cpu_ms"] for phase in phases]),
        "rps": median([phase["rps"] for phase in phases]),
        "p50_ms": median([phase["p50_ms"] for phase in phases]),
        "size": max(phase["size"] for phase in phases),
        "requests": sum(phase["requests"] for phase in phases),
        "statuses": statuses,
        "spread": (
            min(phase["cpu_ms"] or 0 for phase in phases),
            max(phase["cpu_ms"] or 0 for phase in phases),
        ),
    }


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.2, help="per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8, help="client processes")
    parser.add_argument("--connections", type=int, default=16, help="in all, per page phase")
    parser.add_argument("--warmup", type=float, default=0.2, help="seconds per page, unmeasured")
    parser.add_argument("--output", type=Path, default=server.ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--render", type=Path, help="only write the report from RESULTS.json")
    return parser.parse_args()


def main():
    args = parse_args()
    if args.render:  # a run's saved results (var/bench/results.json), reported again
        results = json.loads(args.render.read_text(encoding="utf-8"))
        args.output.write_text(report.render(results, args), encoding="utf-8")
        return
    started, load_before, code = time.monotonic(), os.getloadavg(), report.code_version()
    port = server.free_port()
    env = server.environment(port)
    # Forked before any thread exists; the clients never touch Django.
    pool = ProcessPoolExecutor(args.clients, mp_context=multiprocessing.get_context("fork"))
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        work = Path(work)
        try:
            print("preparing the database (migrate, demo, bench data)…", flush=True)
            server.create_database(env)
            server.django_child(env, "prepare", work / "fixture.json")
            fixture = json.loads((work / "fixture.json").read_text(encoding="utf-8"))
            found = targets(fixture)
            with server.granian(env, port) as process:
                bench = Bench(args, pool, process.pid, port)
                pages = bench.pages(found)
                print("casting…", flush=True)
                casts = bench.casts(fixture)
                print("64 clients…", flush=True)
                connections = bench.connections(found)
            (work / "casts.json").write_text(json.dumps(casts["answers"]), encoding="utf-8")
            server.django_child(
                env, "verify", work / "fixture.json", work / "casts.json", work / "verify.json"
            )
            server.django_child(env, "queries", work / "fixture.json", work / "queries.json")
            results = {
                "fixture": fixture,
                "targets": found,
                "pages": pages,
                "casts": casts,
                "verify": json.loads((work / "verify.json").read_text(encoding="utf-8")),
                "queries": json.loads((work / "queries.json").read_text(encoding="utf-8")),
                "connections": connections,
                "code": code,
                "seconds": time.monotonic() - started,
                "load_average": (load_before[0], os.getloadavg()[0]),
            }
            saved = server.ROOT / "var" / "bench" / "results.json"  # to render again, or compare
            saved.parent.mkdir(parents=True, exist_ok=True)
            saved.write_text(json.dumps(results), encoding="utf-8")
            text = report.render(results, args)
            args.output.write_text(text, encoding="utf-8")
            print(text)
        finally:
            pool.shutdown(cancel_futures=True)
            server.drop_database()


if __name__ == "__main__":
    main()
