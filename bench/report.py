"""docs/benchmarks.md from one run's results: the machine, the method, each figure beside its
goal, and the goals not met."""

import os
import platform
import subprocess
import time
from importlib.metadata import version
from pathlib import Path

from bench import goals, server
from bench.goals import ratio, verdict

KB = 1024


def code_version() -> str:
    """The commit measured, and whether the tree had changes on top of it."""

    def git(*args):
        command = ["git", "-C", str(server.ROOT), *args]
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--", ".", ":!docs/benchmarks.md")  # this file
    return f"{commit} (with uncommitted changes)" if changed else commit


def machine(code: str) -> list[str]:
    lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    model = names[0] if names else "unknown"
    postgres, redis_version = _postgres_version(), _redis_version()
    return [
        f"- Machine: {os.cpu_count()} CPUs ({model}), Linux {platform.release()}; the clients "
        "run on the same machine.",
        f"- Code: commit {code}.",
        f"- Python {platform.python_version()}, Django {version('django')}, Wagtail "
        f"{version('wagtail')}, granian {version('granian')}, PostgreSQL {postgres}, "
        f"Redis {redis_version}.",
    ]


def _postgres_version() -> str:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres") as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def _redis_version() -> str:
    import redis

    return redis.Redis.from_url(server.REDIS_URL).info("server")["redis_version"]


def _ms(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def _kb(size) -> str:
    return f"{size / KB:.1f}"


def _times(value) -> str:
    """Two decimals near the small goals, so that 3.04× never reads as a met 3.0×."""
    if value is None:
        return "—"
    return f"{value:.2f}×" if value < 10 else f"{value:.1f}×"


class Report:
    def __init__(self, results, args):
        self.results, self.args = results, args
        self.pages, self.queries = results["pages"], results["queries"]
        self.by_kind = {}
        for target in results["targets"]:
            self.by_kind.setdefault(target["kind"], []).append(target)
        self.bare = self.figure(self.by_kind["bare"][0])["cpu_ms"]
        self.unmet = []

    def figure(self, target):
        return self.pages[str(target["key"])]

    def judge(self, what, goal, value, shown):
        outcome = verdict(goal, value)
        if outcome != "met":
            self.unmet.append(f"{what}: {shown} (goal {goal})")
        return outcome

    def page_rows(self) -> list[str]:
        rows = [
            "| page | variant | queries | CPU ms/req | rounds | × bare | goal | | req/s | p50 ms "
            "| KB | statuses |",
            "| --- | --- | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | --- |",
        ]
        for target in self.results["targets"]:
            goal = goals.PAGE_GOALS.get(target["kind"])
            if target["kind"] == "result":
                goal = goals.RESULT_PAGE_CPU
            if goal is None:
                continue
            figure = self.figure(target)
            times = ratio(figure["cpu_ms"], self.bare)
            name = f"{target['name']} (`{target['path']}`)"
            if target["kind"] == "bare":
                goal, outcome = "the unit", ""
            else:
                outcome = self.judge(f"{name}, {target['variant']}", goal, times, _times(times))
            failed = {s: n for s, n in figure["statuses"].items() if s == "error" or s[0] in "45"}
            if failed:
                self.unmet.append(f"{name}, {target['variant']}: {_statuses(failed)}")
            rows.append(
                f"| {name} | {target['variant']} | {self.queries.get(target['queries'], '—')} "
                f"| {_ms(figure['cpu_ms'])} | {_spread(figure['spread'])} | {_times(times)} "
                f"| {goal} | {outcome} "
                f"| {figure['rps']:.0f} | {_ms(figure['p50_ms'])} | {_kb(figure['size'])} "
                f"| {_statuses(figure['statuses'])} |"
            )
        return rows

    def comments_rows(self) -> list[str]:
        pages = {target["comments"]: target for target in self.by_kind["comments"]}
        full, empty = self.figure(pages[200]), self.figure(pages[0])
        times = ratio(full["cpu_ms"], empty["cpu_ms"])
        outcome = self.judge("200-comment topic", goals.COMMENTS_200, times, _times(times))
        return [
            "| signed in | queries | CPU ms/req | KB |",
            "| --- | ---: | ---: | ---: |",
            *(
                f"| {pages[n]['name']} | {self.queries.get(pages[n]['queries'], '—')} "
                f"| {_ms(self.figure(pages[n])['cpu_ms'])} | {_kb(self.figure(pages[n])['size'])} |"
                for n in (200, 0)
            ),
            "",
            f"200 comments cost **{_times(times)}** the page with none; goal "
            f"{goals.COMMENTS_200}: {outcome}.",
        ]

    def result_lines(self) -> list[str]:
        target = self.by_kind["result"][0]
        figure = self.figure(target)
        size_kb = figure["size"] / KB
        shown = f"{_kb(figure['size'])} KB"
        outcome = self.judge("certified ballot page size", goals.RESULT_PAGE_KB, size_kb, shown)
        certify = self.results["fixture"]["certified"]["certify_seconds"]
        return [
            f"- Public page of a certified ballot with 10,000 votes (`{target['path']}`, "
            f"rendered): {_ms(figure['cpu_ms'])} CPU ms/req "
            f"({_times(ratio(figure['cpu_ms'], self.bare))} bare, goal {goals.RESULT_PAGE_CPU}; "
            f"in the pages table), **{_kb(figure['size'])} KB** (goal {goals.RESULT_PAGE_KB}: "
            f"{outcome}), {self.queries.get('certified', '—')} queries.",
            f"- Certifying it (`participation.ballots.results.certify`: mix, VACUUM, count) took "
            f"**{certify:.2f} s** in the prepare step.",
        ]

    def cast_lines(self) -> list[str]:
        casts, check = self.results["casts"], self.results["verify"]
        minimal = self.figure(self.by_kind["minimal"][0])
        times = ratio(casts["cpu_ms_per_post"], minimal["cpu_ms"])
        outcome = self.judge("ballot cast", goals.CAST, times, _times(times))
        answers = [copy for copies in casts["answers"].values() for copy in copies]
        receipts = sum(1 for copy in answers if copy["receipt"])
        refusals = sum(1 for copy in answers if copy["status"] == 302)
        others = len(answers) - receipts - refusals
        server_errors = sum(1 for copy in answers if str(copy["status"]).startswith("5"))
        for name in ("lost", "doubled", "without_receipt", "receipts_not_in_box"):
            if check[name]:
                self.unmet.append(f"ballot casts: {check[name]} {name.replace('_', ' ')}")
        if server_errors or others:
            self.unmet.append(f"ballot casts: {others} answers neither a receipt nor a refusal")
        return [
            f"{casts['voters']:,} verified residents, each signed in with their own session, sent "
            f"their ballot paper twice at the same moment (two connections, {self.args.clients} "
            f"client processes): {casts['posts']:,} POSTs in {casts['seconds']:.1f} s, "
            f"**{casts['voters'] / casts['seconds']:.1f} casts/s** (votes recorded per second; "
            f"{casts['posts'] / casts['seconds']:.1f} POSTs/s).",
            "",
            "| | queries | CPU ms | goal | |",
            "| --- | ---: | ---: | --- | --- |",
            f"| ballot cast, per POST | {self.queries.get('cast', '—')} "
            f"| {_ms(casts['cpu_ms_per_post'])} | {goals.CAST}: {_times(times)} | {outcome} |",
            f"| ballot cast, per vote recorded (two POSTs) | | {_ms(casts['cpu_ms_per_vote'])} "
            "| | |",
            f"| minimal vote POST (1 SELECT + 1 INSERT, same middleware) "
            f"| {self.queries.get('minimal vote', '—')} | {_ms(minimal['cpu_ms'])} | | |",
            *self.signed_in_floor_lines(minimal),
            "",
            f"Checked in the database afterwards: {check['recorded']:,} votes recorded of "
            f"{check['voters']:,} voters, **{check['lost']} lost, {check['doubled']} doubled** "
            f"(box {check['box']:,}); {check['without_receipt']} voters without a receipt, "
            f"{check['receipts_not_in_box']} receipts shown that are not in the box. Answers: "
            f"{receipts:,} receipts, {refusals:,} refusals (redirect with a message), {others} "
            f"other ({server_errors} 5xx). Highest connection count while casting: "
            f"{casts['connections']}.",
        ]

    def signed_in_floor_lines(self, minimal) -> list[str]:
        """The minimal POST sent by a signed-in resident: what reading a session and an account
        costs before a cast does anything of its own (absent from runs before it was measured)."""
        found = self.by_kind.get("minimal_signed_in")
        if not found:
            return []
        floor = self.figure(found[0])["cpu_ms"]
        times = ratio(floor, minimal["cpu_ms"])
        queries = self.queries.get("minimal vote signed in", "—")
        return [
            f"| the same minimal POST by a signed-in resident (their session and account read: "
            f"the floor of every signed-in POST) | {queries} | {_ms(floor)} "
            f"| {_times(times)} the minimal vote POST | |",
        ]

    def connection_lines(self) -> list[str]:
        load = self.results["connections"]
        budget = server.WORKERS * server.THREADS
        server_errors = sum(n for status, n in load["statuses"].items() if status.startswith("5"))
        errors = load["statuses"].get("error", 0)
        if server_errors or errors:
            self.unmet.append(f"64 clients: {server_errors} 5xx, {errors} failed connections")
        if load["highest"] > budget:
            self.unmet.append(f"64 clients: {load['highest']} connections (budget {budget})")
        return [
            f"{load['clients']} concurrent keep-alive clients on the rendered pages (signed-in "
            f"ones included) for {self.args.seconds * 4:g} s: {load['requests']:,} requests, "
            f"{load['rps']:.0f} req/s, p50 {_ms(load['p50_ms'])} ms; statuses "
            f"{_statuses(load['statuses'])}; **{server_errors} 5xx** (goal: none). Highest "
            f"count of `pg_stat_activity` rows for the database, sampled every 0.2 s: "
            f"**{load['highest']}** (the budget: {server.WORKERS} workers × a pool of "
            f"{server.THREADS} = {budget}).",
        ]

    def render(self) -> str:
        args, seconds = self.args, self.results["seconds"]
        page_rows = self.page_rows()
        sections = [
            "# Benchmarks",
            "",
            "Written by `make bench` (`bench/run.py`) on "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; the whole run took "
            f"{seconds / 60:.1f} min. Do not edit by hand: run the bench again.",
            "",
            "The machine's load average was {:.1f} when the run began and {:.1f} when it "
            "ended (2 CPUs): figures taken while other work runs are inflated and spread "
            "wider (the rounds column gives each page's lowest and highest round).".format(
                *self.results["load_average"]
            ),
            "",
            *machine(self.results.get("code") or code_version()),
            "",
            "## Method",
            "",
            f"granian (WSGI, {server.WORKERS} workers × {server.THREADS} threads, a pool of "
            f"{server.THREADS} PostgreSQL connections each), production settings with DEBUG off "
            "(`bench/settings.py`), PostgreSQL, Redis, the demo community plus the bench's "
            "residents, topics and ballots (`bench/inside.py`). Each figure is **server CPU per "
            "request**: utime + stime of granian and all its workers from `/proc/<pid>/stat`, "
            "before and after a load phase, divided by the requests served in it. A phase is "
            f"{args.clients} client processes on loopback with {args.connections} keep-alive "
            f"connections in all, for {args.seconds:g} s; "
            f"every page runs once per round, {args.rounds} rounds with the page order rotated, "
            "and the median is shown (req/s and p50 move with the machine's noise; CPU per "
            "request much less). A cache hit or the bare view costs the server so little that "
            "the Python clients, on the same two CPUs, cannot keep it busy: it then idles between "
            "requests and each request also pays for waking its threads, so these figures are "
            "inflated most when the machine is loaded (see the rounds column). "
            "Goals are issue 12's, as ratios to the bare Django view "
            f"measured in the same run: **bare view {_ms(self.bare)} CPU ms/req** here "
            f"(0.16 ms where the goals were set). Rendered: the request carries a cookie, so the "
            "page cache does not answer; cache hit: no cookie. Signed in: a verified resident's "
            "real session. Queries: Django's test client in a child process, the second request "
            "of each page.",
            "",
            "## Pages",
            "",
            *page_rows,
            "",
            "## A topic with 200 comments (100 comments, 50 of them with 2 replies)",
            "",
            *self.comments_rows(),
            "",
            "## A certified ballot with 10,000 votes",
            "",
            *self.result_lines(),
            "",
            "## Ballot casts",
            "",
            *self.cast_lines(),
            "",
            "## Connections under load",
            "",
            *self.connection_lines(),
            "",
            "## Goals not met",
            "",
            *([f"- {line}" for line in self.unmet] or ["None: every goal above is met."]),
            "",
        ]
        return "\n".join(sections)


def _spread(spread) -> str:
    low, high = spread
    return f"{low:.2f}–{high:.2f}"


def _statuses(statuses: dict) -> str:
    return ", ".join(f"{status}: {n:,}" for status, n in sorted(statuses.items()))


def render(results, args) -> str:
    return Report(results, args).render()
