"""The goals of issue 12, as ratios to a reference measured in the same run.

bakerydemo's figures on the issue's machine, divided by goals there, give these ratios to the
bare Django view (0.16 ms there): machines differ, ratios travel.
"""

from dataclasses import dataclass

BARE_MS_WHEN_SET = 0.16  # the bare view on the machine where the goals were set


@dataclass(frozen=True)
class Goal:
    """At most ``limit`` times the reference (``unit`` says which), or an absolute ``limit``."""

    limit: float
    unit: str

    def met(self, value: float | None) -> bool:
        return value is not None and value <= self.limit

    def __str__(self):
        return f"≤ {self.limit:g}{self.unit}"


# Pages, by kind: CPU ms per request over the bare view's.
PAGE_GOALS = {
    "home": Goal(90, "×"),
    "index": Goal(55, "×"),
    "detail": Goal(37, "×"),
    "signed_in": Goal(round(9.0 / BARE_MS_WHEN_SET, 1), "×"),  # 9.0 ms there
    "search": Goal(70, "×"),
    "cache_hit": Goal(3, "×"),
    "bare": Goal(1, "×"),  # the unit itself: shown, never judged
}
RESULT_PAGE_CPU = Goal(round(9.0 / BARE_MS_WHEN_SET, 1), "× bare")
RESULT_PAGE_KB = Goal(50, " KB")
COMMENTS_200 = Goal(2, "× the page with none")
CAST = Goal(2, "× the minimal vote POST")


def ratio(value: float | None, reference: float | None) -> float | None:
    if value is None or not reference:
        return None
    return value / reference


def median(values: list[float]) -> float | None:
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def verdict(goal: Goal, value: float | None) -> str:
    if value is None:
        return "not measured"
    return "met" if goal.met(value) else "**not met**"
