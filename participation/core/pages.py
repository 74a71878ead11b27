"""What a plugin may read from its page: the explicit contract between pages and plugins.

Pages import the core, never a plugin, and plugins never look a page's field up by name: a page
that asks residents for their opinion inherits ``ParticipationPage`` and says when in
``opinion_window``; plugins ask ``opinion_window(page)``.
"""

import datetime
from typing import NamedTuple


class OpinionWindow(NamedTuple):
    """When residents may give their opinion on a page (either end may be open)."""

    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None


class ParticipationPage:
    """Mixin for page models that tell participation plugins about themselves."""

    def opinion_window(self) -> OpinionWindow | None:
        """When residents are asked for their opinion here; None when they are not."""
        return None


def opinion_window(page) -> OpinionWindow | None:
    """The opinion window ``page`` declares, or None (a page without the contract has none)."""
    page = page.specific
    return page.opinion_window() if isinstance(page, ParticipationPage) else None
