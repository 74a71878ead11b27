"""Issue 16's figures: one installation serving many communities costs each page the same.

    .venv/bin/python -m bench.communities        # about 5 minutes; writes the doc below

On PostgreSQL (database ``cms_district_bench``, made afresh) with production settings (the page
cache off, so that every request renders): community 1 is built through ``create_community``
with 10 buildings, 1,000 verified residents (bulk-created), 200 topics (one published through
the page API, the rest copied by SQL under the blog section) and an open ballot on a topic.
Its pages are measured; then 49 more communities like it are added (50 × 1,000 residents,
50 × 200 pages) and the same requests measured again. Each figure comes from ``REPEATS``
requests after a warm-up (the cached site data filled), through Django's test client in one
process: the least CPU time (``time.process_time``; the least, since other work on a shared
machine only ever adds to it), the SQL queries and the Python function calls per request (as
``cProfile`` counts them: the work done, which the machine's load does not change).

Requests: community 1's home page, its blog index (a section) and a topic; the residents list
in the admin (a superuser's, paginated); the sign-up form (it offers the site's buildings);
a ballot eligibility check (``has_perm("participation_ballots.cast_vote")`` for a resident).
Constant in the number of communities means a ratio of about 1 between the two runs.

Results go to ``docs/benchmarks-communities.md`` (generated: do not edit by hand).
"""

import cProfile
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.steps import ROOT, production_env, run_step

DATABASE = "cms_district_bench"
PG = ["-h", "127.0.0.1", "-U", "postgres"]
DOC = ROOT / "docs" / "benchmarks-communities.md"
COMMUNITIES = 50
RESIDENTS, PAGES, BUILDINGS = 1_000, 200, 10
REPEATS = 30
BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def environment(folder: Path) -> dict:
    return production_env(
        DATABASE, folder, ALLOWED_HOSTS=".bench,testserver", PAGE_CACHE_SECONDS="0"
    )


def child(env, *args) -> dict:
    return run_step("bench.communities", env, *args)


def main():
    began = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="bench-communities-") as folder:
        env = environment(Path(folder))
        subprocess.run(["dropdb", *PG, "--if-exists", "--force", DATABASE], check=True)
        subprocess.run(["createdb", *PG, DATABASE], check=True)
        print(f"creating {DATABASE} (migrate)…", flush=True)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
        )
        built = child(env, "build", "1", "1")
        print("1 community built; measuring…", flush=True)
        one = child(env, "measure")
        print(f"building {COMMUNITIES - 1} more…", flush=True)
        more = child(env, "build", "2", str(COMMUNITIES))
        print(f"{COMMUNITIES} communities built; measuring…", flush=True)
        many = child(env, "measure")
    subprocess.run(["dropdb", *PG, "--if-exists", "--force", DATABASE], check=True)
    text = report(one, many, built, more, began)
    DOC.write_text(text, encoding="utf-8")
    print(text)


def report(one, many, built, more, began) -> str:
    minutes = (datetime.now(UTC) - began).total_seconds() / 60
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# Benchmarks: many communities on one installation",
        "",
        f"Written by `python -m bench.communities` on {began:%Y-%m-%d %H:%M} UTC; the run took "
        f"{minutes:.1f} min. Do not edit by hand: run the bench again.",
        "",
        f"- Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; load "
        f"average {os.getloadavg()[0]:.1f} at the end. Code: commit {commit}; Python "
        f"{platform.python_version()}, PostgreSQL, production settings, page cache off.",
        "- Method: the module docstring of `bench/communities.py`.",
        f"- Data: 1 community, then {COMMUNITIES}: each with {BUILDINGS} buildings, "
        f"{RESIDENTS:,} verified residents and {PAGES} topics; "
        f"{many['residents']:,} residents and {many['pages']:,} pages in all at the end "
        f"(built in {built['seconds']:.0f} s, then {more['seconds']:.0f} s).",
        "",
        f"| request | CPU ms, 1 | CPU ms, {COMMUNITIES} | ratio | queries, 1 "
        f"| queries, {COMMUNITIES} | Python calls, 1 | Python calls, {COMMUNITIES} | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, small in one["requests"].items():
        large = many["requests"][name]
        ratio = large["cpu_ms"] / small["cpu_ms"] if small["cpu_ms"] else float("nan")
        lines.append(
            f"| {name} | {small['cpu_ms']:.1f} | {large['cpu_ms']:.1f} | {ratio:.2f} "
            f"| {small['queries']} | {large['queries']} | {small['calls']:,} | {large['calls']:,} "
            f"| {large['calls'] / small['calls']:.2f} |"
        )
    same = [
        name
        for name, small in one["requests"].items()
        if small["queries"] == many["requests"][name]["queries"]
    ]
    lines += [
        "",
        f"- Same number of queries with 1 and {COMMUNITIES} communities: "
        f"{len(same)} of {len(one['requests'])} requests"
        + (
            "."
            if len(same) == len(one["requests"])
            else f" (differs: {', '.join(n for n in one['requests'] if n not in same)})."
        ),
    ]
    return "\n".join(lines) + "\n"


# -- children: one step each in a fresh process ----------------------------------------------
def setup_django():
    import django  # only the children set Django up

    django.setup()


def hostname(number: int) -> str:
    return f"c{number:02d}.bench"


def step_build(first: int, last: int) -> dict:
    started = time.perf_counter()
    for number in range(first, last + 1):
        build_community(number)
    from wagtail.models import Page  # after django.setup()

    return {"seconds": time.perf_counter() - started, "pages": Page.objects.count()}


def build_community(number: int) -> None:
    from django.utils import timezone  # after django.setup()

    from home.communities import create_community  # after django.setup()
    from pages import factories  # after django.setup()
    from participation.ballots.factories import BallotFactory  # after django.setup()
    from participation.core.embedding import embed_module  # after django.setup()
    from participation.residents.models import Building, Unit, User  # after django.setup()

    community = create_community(f"基准社区{number:02d}", hostname(number))
    site = community.site
    buildings = Building.objects.bulk_create(
        Building(community=site, number=str(n), name=f"{n}栋") for n in range(1, BUILDINGS + 1)
    )
    units = Unit.objects.bulk_create(
        Unit(building=building, number=f"1单元{floor}01")
        for building in buildings
        for floor in range(1, RESIDENTS // BUILDINGS // 10 + 1)
    )
    password = User(username="bench-template")
    password.set_unusable_password()
    now = timezone.now()
    User.objects.bulk_create(
        (
            User(
                username=f"c{number:02d}-{n:04d}",
                email=f"c{number:02d}-{n:04d}@bench.invalid",
                display_name=f"居民{n:04d}",
                community=site,
                unit=units[n % len(units)],
                verification=User.Verification.VERIFIED,
                verified_at=now,
                password=password.password,
            )
            for n in range(RESIDENTS)
        ),
        batch_size=1000,
    )
    blog = community.sections["blog"]
    topic = factories.publish_child(
        blog,
        factories.BlogPageFactory,
        slug="topic",
        title=f"基准议题{number:02d}",
        opinions_open_until=now + timezone.timedelta(days=10),
    )
    embed_module(BallotFactory(page=topic, title=f"基准票决{number:02d}"))
    copy_pages(blog, topic, PAGES - 1)


def copy_pages(parent, template, count: int) -> None:
    """``count`` copies of the topic ``template`` under ``parent``, by SQL."""
    from django.db import connection  # after django.setup()

    from pages.models import BlogPage  # after django.setup()

    have = parent.get_children().count()
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
        detail_columns = _columns(cursor, BlogPage._meta.db_table, {"page_ptr_id"})
        values = ", ".join(f"d.{column}" for column in detail_columns)
        statement = (  # column names from the schema; the values are parameters
            f"""
            WITH made AS (
                INSERT INTO wagtailcore_page ({", ".join(page_columns)})
                SELECT {select} FROM wagtailcore_page, generate_series(%(first)s, %(last)s) AS n
                WHERE id = %(template)s
                RETURNING id
            )
            INSERT INTO {BlogPage._meta.db_table} (page_ptr_id, {", ".join(detail_columns)})
            SELECT made.id, {values}
            FROM made, {BlogPage._meta.db_table} AS d WHERE d.page_ptr_id = %(template)s
            """  # noqa: S608
        )
        cursor.execute(
            statement,
            {
                "parent": parent.path,
                "url": parent.url_path,
                "first": have + 1,
                "last": have + count,
                "template": template.pk,
            },
        )
    type(parent).objects.filter(pk=parent.pk).update(numchild=have + count)


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


def _timed(call) -> dict:
    """Least CPU milliseconds and median queries of ``call`` over REPEATS runs, after a warm-up."""
    from django.db import connection  # after django.setup()
    from django.test.utils import CaptureQueriesContext  # after django.setup()

    call()
    cpu, queries = [], []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            call()
            cpu.append((time.process_time() - started) * 1000)
        queries.append(len(captured))
    profile = cProfile.Profile()
    profile.runcall(call)
    calls = pstats.Stats(profile).total_calls
    if os.environ.get("BENCH_PROFILE"):
        pstats.Stats(profile).sort_stats("tottime").print_stats(12)
    return {"cpu_ms": min(cpu), "queries": int(statistics.median(queries)), "calls": calls}


def step_measure() -> dict:
    from django.contrib.auth.models import AnonymousUser  # after django.setup()
    from django.test import Client  # after django.setup()
    from django.urls import reverse  # after django.setup()
    from wagtail.models import Page  # after django.setup()

    from participation.ballots.models import Ballot  # after django.setup()
    from participation.residents.models import User  # after django.setup()
    from tests.second_factor import force_login_with_second_factor  # after django.setup()

    host = hostname(1)
    visitor = Client(HTTP_HOST=host)

    def page(path):
        def get():
            response = visitor.get(path, secure=True)
            assert response.status_code == 200, (path, response.status_code)

        return get

    admin = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", "bench-admin@bench.invalid", None
    )
    staff = Client(HTTP_HOST=host)
    force_login_with_second_factor(staff, admin)
    residents_list = reverse("participation_residents_user_modeladmin_index")

    def admin_list():
        response = staff.get(residents_list, secure=True)
        assert response.status_code == 200, response.status_code

    ballot = Ballot.objects.get(title="基准票决01")
    resident = User.objects.get(username="c01-0001")

    def eligibility():
        fresh = User.objects.get(pk=resident.pk)  # nothing remembered from the last check
        assert fresh.has_perm("participation_ballots.cast_vote", ballot)
        assert not AnonymousUser().has_perm("participation_ballots.cast_vote", ballot)

    requests = {
        "community home page": page("/"),
        "section index (blog, 200 topics)": page("/blog/"),
        "topic page with an open ballot": page("/blog/topic/"),
        "admin: residents list (superuser)": admin_list,
        "sign-up form": page(reverse("account_signup")),
        "ballot eligibility check": eligibility,
    }
    return {
        "requests": {name: _timed(call) for name, call in requests.items()},
        "residents": User.objects.exclude(username="bench-admin").count(),
        "pages": Page.objects.count(),
    }


def run_child(out: str, step: str, *args):
    setup_django()
    steps = {
        "build": lambda: step_build(int(args[0]), int(args[1])),
        "measure": lambda: step_measure(),
    }
    Path(out).write_text(json.dumps(steps[step]()))


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        run_child(*sys.argv[2:])
    else:
        main()
