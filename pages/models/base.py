"""What every content page shares: the body, Chinese-friendly search terms, its section."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from pages.blocks import BaseStreamBlock
from pages.feeds import SectionAtomFeed, SectionRssFeed
from pages.search import search_terms
from pages.site_data import is_restricted


def has_text(html) -> bool:
    """Whether rich text says anything: an editor's emptied field can still hold ``<p></p>``."""
    return bool(strip_tags(str(html or "")).strip())


class CachedPrivacyMixin:
    """Wagtail asks every served page for its view restrictions (two queries); a page that no
    restricted section covers, as the cached site data tells, has none to ask for."""

    def get_view_restrictions(self):
        if is_restricted(self) is False:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class ContentPage(CachedPrivacyMixin, Page):
    """Abstract base of the content pages: a ``body`` StreamField and search bigrams.

    ``search_text_fields`` names the fields whose text goes into the bigram index that makes
    Chinese searchable (see pages/search.py).
    """

    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"), blank=True)

    search_text_fields: tuple[str, ...] = ()

    search_fields = Page.search_fields + [
        index.SearchField("search_grams"),
    ]

    class Meta:
        abstract = True

    def plain_text(self) -> str:
        """The listed text fields and the body as plain text (search terms, result excerpts)."""
        parts = [getattr(self, name, "") or "" for name in self.search_text_fields]
        # The blocks' own searchable text: no rendering, so embedded modules add no form labels.
        parts += self.body.stream_block.get_searchable_content(self.body)
        return " ".join(strip_tags(str(part)).strip() for part in parts if part)

    def search_grams(self) -> str:
        """Title, the listed text fields and the body, as unigram and bigram search terms."""
        return search_terms(f"{self.title} {self.plain_text()}")

    def feed_summary(self) -> str:
        """What feeds and shared links say about the page: its summary where it has one."""
        summary = getattr(self, "summary", "") or self.search_description
        return summary or Truncator(self.plain_text()).chars(SUMMARY_LENGTH)

    def feed_categories(self) -> list[str]:
        return []

    def short_path(self) -> str:
        """An address that survives a new slug or a move (pages.views.page_link)."""
        return reverse("page_link", args=[self.pk])

    def poster_facts(self) -> list[tuple[str, str]]:
        """What a notice-board poster of the page states besides its title: (label, value)."""
        return []

    def share_image(self):
        """The image shared links show (Open Graph), if the page has one."""
        return


SUMMARY_LENGTH = 140
OUTCOME_LENGTH = 500


class SectionIndexPage(RoutablePageMixin, ContentPage):
    """Abstract base of the four section pages under the home page (one of each per site)."""

    intro = models.TextField(_("简介"), blank=True)
    title_en = models.CharField(
        _("英文标题"),
        max_length=100,
        blank=True,
        help_text=_("英文界面（/en/）的导航和标题用它；留空则显示中文标题。"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("title_en"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_text_fields = ("intro",)
    api_fields = ["title_en", "intro", "body"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1  # one of each per community (its home page), however many there are

    class Meta:
        abstract = True

    def feed_items(self, request):
        """The section's live public pages for its feeds, newest first."""
        raise NotImplementedError

    def feed_title(self, request) -> str:
        """Its English title on /en/ where staff gave one."""
        foreign = translation.get_language() != settings.LANGUAGE_CODE
        return (foreign and self.title_en) or self.title

    @path("rss/", name="rss")
    def rss_feed(self, request):
        return SectionRssFeed()(request, page=self)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        return SectionAtomFeed()(request, page=self)
