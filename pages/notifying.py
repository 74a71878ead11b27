"""New items announced to the followers of their section (the kinds in PAGE_NOTIFICATION_KINDS).

Only a page's first publish announces it: an edit published again tells nobody. A page that a
view restriction covers is not announced, since the section's followers may not all see it.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from pages.models import BlogPage, DisclosurePage, HearingNoticePage
from participation.core.notifications import notify
from participation.core.visibility import is_restricted

NEW_ITEM_KINDS = {
    DisclosurePage: ("pages.new_disclosure", _("新的公开事项：%(title)s")),
    BlogPage: ("pages.new_topic", _("新的议题：%(title)s")),
    HearingNoticePage: ("pages.new_hearing", _("新的会议通知：%(title)s")),
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
