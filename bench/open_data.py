"""Issue 17's figure: the disclosure register streamed in constant memory.

    .venv/bin/python -m bench.open_data        # about 2 minutes; writes the doc below

On PostgreSQL (database ``cms_bench_open_data``, made afresh) with production settings: a board
with one real disclosure, copied by SQL to 1,000 and then 100,000 items in one year; each time
the year's CSV and JSON are downloaded through the site's view (Django's test client, the
response consumed chunk by chunk as a server would send it) while ``tracemalloc`` records the
peak of Python's allocations, and the rows and bytes are counted. Constant memory means the peak
for 100,000 rows is about that for 1,000.

Results go to ``docs/benchmarks-open-data.md`` (generated: do not edit by hand).
"""

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.steps import ROOT, production_env, run_step

DATABASE = "cms_bench_open_data"
PG = ["-h", "127.0.0.1", "-U", "postgres"]
DOC = ROOT / "docs" / "benchmarks-open-data.md"
SIZES = (1_000, 100_000)
BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def environment(folder: Path) -> dict:
    return production_env(DATABASE, folder, ALLOWED_HOSTS="testserver", PAGE_CACHE_SECONDS="0")


def child(env, *args) -> dict:
    return run_step("bench.open_data", env, *args)


def main():
    began = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="bench-open-data-") as folder:
        env = environment(Path(folder))
        subprocess.run(["dropdb", *PG, "--if-exists", "--force", DATABASE], check=True)
        subprocess.run(["createdb", *PG, DATABASE], check=True)
        print(f"creating {DATABASE} (migrate)…", flush=True)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
        year = child(env, "board")["year"]
        runs = []
        for size in SIZES:
            print(f"{size:,} items…", flush=True)
            child(env, "copies", str(size))
            for fmt in ("csv", "json"):
                runs.append(
                    {"items": size, "format": fmt, **child(env, "download", str(year), fmt)}
                )
    subprocess.run(["dropdb", *PG, "--if-exists", "--force", DATABASE], check=True)
    text = report(runs, began)
    DOC.write_text(text, encoding="utf-8")
    print(text)
    if any(run["rows"] != run["items"] for run in runs):
        raise SystemExit("a download lost or repeated rows")


def report(runs, began) -> str:
    minutes = (datetime.now(UTC) - began).total_seconds() / 60
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# Benchmarks: open data",
        "",
        f"Written by `python -m bench.open_data` on {began:%Y-%m-%d %H:%M} UTC; the run took "
        f"{minutes:.1f} min. Do not edit by hand: run the bench again.",
        "",
        f"- Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; load "
        f"average {os.getloadavg()[0]:.1f} at the end. Code: commit {commit}; Python "
        f"{platform.python_version()}, PostgreSQL.",
        "- Method: the module docstring of `bench/open_data.py`.",
        "",
        "| items in the year | format | rows | MB sent | seconds | peak Python memory (MB) |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        lines.append(
            f"| {run['items']:,} | {run['format']} | {run['rows']:,} | {run['bytes'] / 1e6:.1f} "
            f"| {run['seconds']:.1f} | {run['peak'] / 1e6:.1f} |"
        )
    small = {run["format"]: run["peak"] for run in runs if run["items"] == SIZES[0]}
    large = {run["format"]: run["peak"] for run in runs if run["items"] == SIZES[-1]}
    lines += [""] + [
        f"- {fmt.upper()}: {SIZES[-1]:,} items peak at {large[fmt] / small[fmt]:.2f}× the peak "
        f"for {SIZES[0]:,}."
        for fmt in ("csv", "json")
    ]
    return "\n".join(lines) + "\n"


# -- children: one step each in a fresh process ----------------------------------------------
def setup_django():
    import django

    django.setup()


def step_board() -> dict:
    from django.utils import timezone
    from wagtail.models import Page, Site

    from home.models import HomePage  # after django.setup()
    from pages import factories  # after django.setup()
    from pages.models import DisclosureCategory  # after django.setup()

    root = Page.objects.get(depth=1)
    home = root.add_child(instance=HomePage(title="柳背桥社区", slug="bench-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "testserver"}
    )
    board = factories.publish_child(home, factories.DisclosureIndexPageFactory)
    category = DisclosureCategory.objects.order_by("pk").first()
    factories.publish_child(
        board, factories.DisclosurePageFactory, title="公开事项", category=category
    )
    return {"year": timezone.localdate().year}


def step_copies(total: int) -> dict:
    """Copy the board's first item by SQL until the board holds ``total`` items."""
    from django.db import connection

    from pages.models import DisclosureIndexPage, DisclosurePage  # after django.setup()

    board = DisclosureIndexPage.objects.get()
    template = DisclosurePage.objects.child_of(board).order_by("pk").first()
    have = DisclosurePage.objects.child_of(board).count()
    with connection.cursor() as cursor:
        page_columns = _columns(cursor, "wagtailcore_page", {"id"})
        replaced = {
            "path": "%(parent)s || " + _base36("n"),
            "url_path": "%(url)s || 'copy-' || n || '/'",
            "slug": "'copy-' || n",
            "title": "title || ' ' || n",
            "draft_title": "draft_title || ' ' || n",
            "translation_key": "gen_random_uuid()",
            "latest_revision_id": "NULL",
            "live_revision_id": "NULL",
        }
        select = ", ".join(replaced.get(column, column) for column in page_columns)
        detail_columns = _columns(cursor, "pages_disclosurepage", {"page_ptr_id"})
        serial = "(substr(made.slug, 6)::int + 1000)"
        detail = {
            "serial": serial,
            "number": f"'居务〔' || d.serial_year || '〕' || {serial} || '号'",
        }
        values = ", ".join(detail.get(column, f"d.{column}") for column in detail_columns)
        statement = (  # column names from the schema; the values are parameters
            f"""
            WITH made AS (
                INSERT INTO wagtailcore_page ({", ".join(page_columns)})
                SELECT {select} FROM wagtailcore_page, generate_series(%(first)s, %(last)s) AS n
                WHERE id = %(template)s
                RETURNING id, slug
            )
            INSERT INTO pages_disclosurepage (page_ptr_id, {", ".join(detail_columns)})
            SELECT made.id, {values}
            FROM made, pages_disclosurepage AS d WHERE d.page_ptr_id = %(template)s
            """  # noqa: S608
        )
        cursor.execute(
            statement,
            {
                "parent": board.path,
                "url": board.url_path,
                "first": have + 100,
                "last": total + 99,
                "template": template.pk,
            },
        )
    return {"items": DisclosurePage.objects.child_of(board).count()}


def _columns(cursor, table, leave_out) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall() if row[0] not in leave_out]


def _base36(name: str) -> str:
    """A treebeard path step of four base-36 digits for the integer ``name`` (SQL)."""
    digits = [
        f"substr('{BASE36}', mod({name} / {36**power}, 36)::int + 1, 1)" for power in (3, 2, 1, 0)
    ]
    return " || ".join(digits)


def step_download(year: int, fmt: str) -> dict:
    import tracemalloc

    from django.test import Client

    client = Client()
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(f"/open-data/disclosures-{year}.{fmt}", secure=True)
    assert response.status_code == 200, response.status_code
    size, newlines, tail = 0, 0, b""
    for chunk in response.streaming_content:
        chunk = chunk if isinstance(chunk, bytes) else chunk.encode()
        size += len(chunk)
        newlines += chunk.count(b"\n")
        tail = (tail + chunk)[-64:]
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows = newlines - 1 if fmt == "csv" else _json_rows(client, year)
    return {"rows": rows, "bytes": size, "seconds": seconds, "peak": peak}


def _json_rows(client, year) -> int:
    body = b"".join(
        chunk if isinstance(chunk, bytes) else chunk.encode()
        for chunk in client.get(
            f"/open-data/disclosures-{year}.json", secure=True
        ).streaming_content
    )
    return len(json.loads(body)["items"])


def run_child(out: str, step: str, *args):
    setup_django()
    steps = {
        "board": lambda: step_board(),
        "copies": lambda: step_copies(int(args[0])),
        "download": lambda: step_download(int(args[0]), args[1]),
    }
    Path(out).write_text(json.dumps(steps[step]()))


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        run_child(*sys.argv[2:])
    else:
        main()
