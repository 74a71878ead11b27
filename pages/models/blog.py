"""The community blog (社区博客): topics set by the party organisation, with residents' opinions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework.fields import CharField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from pages.models.base import OUTCOME_LENGTH, ContentPage, SectionIndexPage, has_text
from pages.pagination import paginate
from pages.site_data import public
from participation.core.pages import OpinionWindow, ParticipationPage, TopicSection
from participation.core.params import text_param, year_param


class BlogIndexPage(TopicSection, SectionIndexPage):
    """The blog column: topics newest first, filtered by tag and year, with RSS and Atom feeds."""

    subpage_types = ["pages.BlogPage"]

    class Meta:
        verbose_name = _("社区博客")

    def topics(self, request=None):
        return (
            public(BlogPage.objects.child_of(self).live(), request)
            .order_by("-published_on", "-pk")
            .prefetch_related("tags")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topics = self.topics(request)
        tag = text_param(request.GET, "tag", max_length=100)
        year = year_param(request.GET, "year")
        if tag:
            topics = topics.filter(tags__name=tag)
        if year:
            topics = topics.filter(published_on__year=year)
        context.update(
            topics=paginate(request, topics),
            current_tag=tag,
            current_year=year,
            years=self.topics(request).dates("published_on", "year", order="DESC"),
        )
        return context

    def feed_items(self, request):
        return self.topics(request)

    def draft_topic(self, title, summary, owner):
        topic = BlogPage(title=title, summary=summary[:500], owner=owner, live=False)
        self.add_child(instance=topic)
        topic.save_revision(user=owner)
        return topic


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "pages.BlogPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class BlogPage(ParticipationPage, ContentPage):
    """A topic (议题): summary, body, tags; once opinions close, what was said and will be done."""

    summary = models.TextField(_("摘要"), max_length=500)
    published_on = models.DateField(_("发布日期"), default=datetime.date.today)
    opinions_open_until = models.DateTimeField(
        _("征求意见截止"),
        null=True,
        blank=True,
        help_text=_("居民可以发表意见到这一时间为止；留空表示不征求意见。"),
    )
    outcome = RichTextField(
        _("意见汇总与处理结果"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("征求意见结束后填写：居民说了什么，社区将怎么做。"),
    )
    tags = ClusterTaggableManager(_("标签"), through=BlogPageTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("published_on"), FieldPanel("opinions_open_until"), FieldPanel("tags")],
            heading=_("发布与征求意见"),
        ),
        FieldPanel("body"),
        FieldPanel("outcome"),
    ]
    search_text_fields = ("summary", "outcome")
    search_fields = ContentPage.search_fields + [
        index.SearchField("summary"),
        index.FilterField("published_on"),
    ]
    api_fields = [
        "summary",
        "published_on",
        "opinions_open_until",
        "outcome",
        "tags",
        "body",
        APIField("state", serializer=CharField(read_only=True)),  # from dates and outcome
    ]
    parent_page_types = ["pages.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")

    class State(models.TextChoices):
        OPEN = "open", _("征求意见中")
        CLOSED = "closed", _("意见汇总中")
        CONCLUDED = "concluded", _("已公布结果")
        NO_OPINIONS = "no_opinions", _("不征求意见")

    def clean(self):
        super().clean()
        if self.opinions_open_until and self.published_on:
            published = timezone.make_aware(
                datetime.datetime.combine(self.published_on, datetime.time.min)
            )
            if self.opinions_open_until < published:
                raise ValidationError(
                    {"opinions_open_until": _("征求意见截止时间不能早于发布日期。")}
                )
        too_early = self.opinions_open_until and self.opinions_open_until > timezone.now()
        if has_text(self.outcome) and too_early:
            raise ValidationError({"outcome": _("征求意见结束以后才能填写处理结果。")})

    def state(self, now=None):
        """Where the topic stands, from its dates and outcome; never set by hand."""
        now = now or timezone.now()
        if has_text(self.outcome):
            return self.State.CONCLUDED
        if self.opinions_open_until is None:
            return self.State.NO_OPINIONS
        if now < self.opinions_open_until:
            return self.State.OPEN
        return self.State.CLOSED

    @property
    def is_open(self):
        return self.state() == self.State.OPEN

    def opinion_window(self):
        """From the publication date to ``opinions_open_until``; None when no opinions are asked."""
        if self.opinions_open_until is None:
            return None
        published = datetime.datetime.combine(self.published_on, datetime.time.min)
        return OpinionWindow(timezone.make_aware(published), self.opinions_open_until)

    def get_state_display(self):
        return self.state().label

    def feed_categories(self) -> list[str]:
        return [tag.name for tag in self.tags.all()]

    def poster_facts(self) -> list[tuple[str, str]]:
        facts = [(gettext("摘要"), self.summary)]
        if self.opinions_open_until:
            until = f"{timezone.localtime(self.opinions_open_until):%Y-%m-%d %H:%M}"
            facts.append((gettext("征求意见截止"), until))
        return facts

    def has_outcome(self) -> bool:
        return has_text(self.outcome)

    def outcome_summary(self) -> str:
        return Truncator(strip_tags(str(self.outcome))).chars(OUTCOME_LENGTH)
