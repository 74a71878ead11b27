"""What pages announce (the kinds in PAGE_NOTIFICATION_KINDS): a new item to the followers of
its section, on its first publish only (an edit published again tells nobody); a topic's
outcome or a meeting's minutes to the followers of the page (and of the blocks on it: a
hearing's registrants follow it), when first published. A page that a view restriction covers
is not announced, since its followers may not all see it.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageLogEntry, Revision

from pages.models import BlogPage, DisclosurePage, HearingNoticePage
from pages.models.base import has_text
from participation.core.notifications import notify
from participation.core.visibility import is_restricted

NEW_ITEM_KINDS = {
    DisclosurePage: ("pages.new_disclosure", _("新的公开事项：%(title)s")),
    BlogPage: ("pages.new_topic", _("新的议题：%(title)s")),
    HearingNoticePage: ("pages.new_hearing", _("新的会议通知：%(title)s")),
}


OUTCOME_FIELDS = {
    BlogPage: ("outcome",),
    HearingNoticePage: ("minutes", "decisions", "responses"),
}


def is_first_publish(page) -> bool:
    """Wagtail sets both times to the same moment when a page goes live the first time."""
    return page.live and page.first_published_at == page.last_published_at


def announce_new_item(sender, instance, **kwargs):
    """``page_published``: tell the followers of the section a new item appeared in it."""
    kind = NEW_ITEM_KINDS.get(type(instance))
    if kind is None or not is_first_publish(instance) or is_restricted(instance):
        return
    code, title = kind
    with translation.override(settings.LANGUAGE_CODE):
        text = str(title) % {"title": instance.title}
    notify(
        code,
        [],
        title=text,
        url=instance.url or "/",
        obj=instance,
        followers_of=instance.get_parent(),
    )


def _has_outcome(values, fields) -> bool:
    return any(has_text(values.get(name)) for name in fields)


def outcome_published_before(page, fields, revision) -> bool:
    """Whether a revision published before ``revision`` already carried an outcome (the
    publish log names every published revision; the current one is logged after the signal)."""
    published = PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish").exclude(
        revision=revision
    )
    contents = Revision.objects.filter(pk__in=published.values("revision_id"))
    return any(
        _has_outcome(content, fields) for content in contents.values_list("content", flat=True)
    )


def announce_outcome(sender, instance, revision=None, **kwargs):
    """``page_published``: the first publish that carries a topic's outcome or a meeting's
    minutes tells the page's followers (a new page is announced as new, not twice)."""
    fields = OUTCOME_FIELDS.get(type(instance))
    if fields is None or not instance.live or is_first_publish(instance):
        return
    if not _has_outcome({name: getattr(instance, name) for name in fields}, fields):
        return
    if is_restricted(instance) or outcome_published_before(instance, fields, revision):
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = _("《%(title)s》公布了结果") % {"title": instance.title}
    notify(
        "pages.outcome_published",
        [],
        title=str(text),
        url=instance.url or "/",
        obj=instance,
        followers_of=instance,
    )
