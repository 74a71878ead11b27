"""The bench's pure helpers: /proc parsing, the process tree's CPU, the goals, the targets."""

import os
from pathlib import Path

import pytest

from bench import goals, procstat
from bench.run import targets

# A worker whose command name holds a space and a parenthesis, as /proc prints it.
STAT = (
    "4242 (granian (w) 1) S 4200 4200 4200 0 -1 4194560 9071 0 0 0 137 25 0 0 20 0 5 0 "
    "213628 3133440 389 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0"
)


def test_parse_stat_counts_fields_after_the_command_name():
    assert procstat.parse_stat(STAT) == (4242, 4200, 137 + 25)


def test_parse_stat_reads_this_process():
    pid, ppid, ticks = procstat.parse_stat(Path(f"/proc/{os.getpid()}/stat").read_text())
    assert (pid, ppid) == (os.getpid(), os.getppid())
    assert ticks >= 0


def test_tree_ticks_sums_descendants_only():
    table = {
        1: (0, 1000),  # init: not below the server
        10: (1, 5),  # the server
        11: (10, 100),  # a worker
        12: (10, 200),  # another worker
        13: (12, 7),  # a worker's child
        20: (1, 999),  # an unrelated process
    }
    assert procstat.tree_ticks(10, table) == 5 + 100 + 200 + 7
    assert procstat.tree_ticks(12, table) == 207
    assert procstat.tree_ticks(99, table) == 0


def test_cpu_seconds_grows_with_work():
    before = procstat.cpu_seconds(os.getpid())
    sum(i * i for i in range(2_000_000))
    assert procstat.cpu_seconds(os.getpid()) > before


def test_goals_are_the_issues_ratios_to_the_bare_view():
    page = goals.PAGE_GOALS
    assert (page["home"].limit, page["index"].limit, page["detail"].limit) == (90, 55, 37)
    assert (page["search"].limit, page["cache_hit"].limit) == (70, 3)
    assert page["signed_in"].limit == goals.RESULT_PAGE_CPU.limit == pytest.approx(56.2)
    assert (goals.CAST.limit, goals.COMMENTS_200.limit, goals.RESULT_PAGE_KB.limit) == (2, 2, 50)


def test_verdict_and_ratio():
    goal = goals.Goal(3, "×")
    assert goals.verdict(goal, goals.ratio(0.45, 0.15)) == "met"
    assert goals.verdict(goal, goals.ratio(1.2, 0.16)) == "**not met**"
    assert goals.verdict(goal, goals.ratio(None, 0.16)) == "not measured"
    assert goals.ratio(1.0, 0) is None
    assert str(goal) == "≤ 3×"


def test_median_of_rounds():
    assert goals.median([3.0, 1.0, 2.0]) == 2.0
    assert goals.median([4.0, 1.0, None, 2.0, 3.0]) == 2.5
    assert goals.median([None]) is None


def test_targets_measure_each_page_rendered_and_from_the_cache():
    fixture = {
        "cookies": {"session": "sessionid", "csrf": "csrftoken"},
        "reader": {"session": "s" * 32},
        "csrf": "c" * 32,
        "pages": [
            {"kind": "bare", "name": "bare view", "path": "/bench/bare/"},
            {"kind": "home", "name": "home", "path": "/"},
            {"kind": "detail", "name": "topic with comments", "path": "/blog/t/"},
        ],
        "comments": {"200": "/blog/c200/", "0": "/blog/c0/"},
        "certified": {"page": "/blog/certified/"},
        "minimal_vote": {"url": "/bench/vote/"},
    }
    found = targets(fixture)
    variants = [(target["path"], target["variant"]) for target in found]
    assert ("/bench/bare/", "cache hit") not in variants
    for path in ("/", "/blog/t/"):
        assert {(path, "rendered"), (path, "cache hit")} <= set(variants)
    assert ("/blog/t/", "signed in") in variants
    hits = [target for target in found if target["variant"] == "cache hit"]
    assert all(not target["headers"] for target in hits)
    rendered = [target for target in found if target["variant"] != "cache hit"]
    assert all("Cookie" in target["headers"] for target in rendered)
    assert [target["key"] for target in found] == list(range(len(found)))
    minimal = {target["kind"]: target for target in found if target["path"] == "/bench/vote/"}
    assert "sessionid" not in minimal["minimal"]["headers"]["Cookie"]
    assert f"sessionid={'s' * 32}" in minimal["minimal_signed_in"]["headers"]["Cookie"]
    assert minimal["minimal_signed_in"]["body"] == minimal["minimal"]["body"]
