"""What a plugin may read from its page: the explicit contract between pages and plugins.

Pages import the core, never a plugin, and plugins never look a page's field up by name: a page
that asks residents for their opinion inherits ``ParticipationPage`` and says when in
``opinion_window``; plugins ask ``opinion_window(page)``. A page that announces a meeting
inherits ``MeetingPage`` and says when and where in ``meeting``; plugins ask ``meeting(page)``.

A plugin that needs more than ``ParticipationPage`` names the contract in its PluginConfig's
``page_contract``. Its modules then belong only on pages whose type implements it:
``validate_page_contract`` refuses other pages in forms, and the system check
``participation.core.checks.modules_on_pages_with_their_contract`` (tag ``database``) reports
modules already on such pages. A plugin's apps.py imports its contract from here while Django
loads the apps, so this module imports no models.
"""

import datetime
from typing import NamedTuple

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plugins.registry import plugin_for_kind


class OpinionWindow(NamedTuple):
    """When residents may give their opinion on a page (either end may be open)."""

    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None


class Meeting(NamedTuple):
    """A meeting a page announces: when and where, and until when residents may register and
    hand in written opinions. ``Meeting()`` is a meeting nobody announced (every field empty)."""

    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    venue: str = ""
    registration_deadline: datetime.datetime | None = None
    opinion_deadline: datetime.datetime | None = None


class ParticipationPage:
    """Mixin for page models that tell participation plugins about themselves."""

    def opinion_window(self) -> OpinionWindow | None:
        """When residents are asked for their opinion here; None when they are not."""
        return None


class MeetingPage(ParticipationPage):
    """Mixin for page models that announce a meeting (a hearing notice).

    Plugins that run a meeting (hearings) require it through ``page_contract``.
    """

    def meeting(self) -> Meeting:
        """The meeting this page announces."""
        raise NotImplementedError


class TopicSection:
    """Mixin for index pages under which a topic can be drafted from outside the pages app
    (the blog column): a plugin hands in a resident's idea, an editor finishes and publishes it."""

    def draft_topic(self, title: str, summary: str, owner):
        """Add an unpublished topic page with ``title`` and ``summary``; return it."""
        raise NotImplementedError


def topic_sections() -> list:
    """Every page whose type implements ``TopicSection``, specific, in tree order."""
    from wagtail.models import Page

    types = page_types(TopicSection)
    return list(Page.objects.type(*types).specific().order_by("path")) if types else []


def opinion_window(page) -> OpinionWindow | None:
    """The opinion window ``page`` declares, or None (a page without the contract has none)."""
    page = page.specific
    return page.opinion_window() if isinstance(page, ParticipationPage) else None


def meeting(page) -> Meeting | None:
    """The meeting ``page`` announces, or None (a page without the contract announces none)."""
    page = page.specific
    return page.meeting() if isinstance(page, MeetingPage) else None


def implements(page_class, contract: type | None) -> bool:
    """Whether pages of ``page_class`` fulfil ``contract`` (no contract: every page does)."""
    return contract is None or (page_class is not None and issubclass(page_class, contract))


def page_types(contract: type) -> list[type]:
    """The installed page models that implement ``contract`` (for choosers and messages)."""
    return [model for model in apps.get_models() if issubclass(model, contract)]


def validate_page_contract(kind: str, page) -> None:
    """Refuse ``page`` for a module of ``kind`` when the page's type lacks the contract the
    kind's plugin needs (its ``page_contract``).

    Raises a ValidationError on the ``page`` field that names the page types that would do.
    """
    plugin = plugin_for_kind(kind)
    contract = plugin.page_contract if plugin else None
    if page is None or implements(page.specific_class, contract):
        return
    types = "、".join(str(model._meta.verbose_name) for model in page_types(contract))
    if types:
        message = _("“%(plugin)s”模块只能放在这些类型的页面上：%(types)s。")
    else:
        message = _("没有任何页面类型可以放置“%(plugin)s”模块。")
    raise ValidationError(
        {"page": message % {"plugin": plugin.verbose_name, "types": types}}, code="page_contract"
    )
