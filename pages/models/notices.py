"""Hearing notices (听证会、社情恳谈会、情况通报会): the notice, then the minutes and outcome."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.fields import CharField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from pages.feeds import calendar_response
from pages.models.base import OUTCOME_LENGTH, ContentPage, SectionIndexPage, has_text
from pages.pagination import paginate
from pages.site_data import public
from participation.core.pages import Meeting, MeetingPage

RICH_TEXT = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class HearingIndexPage(SectionIndexPage):
    """Upcoming meetings first (soonest first), then past ones (latest first) with their outcome."""

    subpage_types = ["pages.HearingNoticePage"]

    class Meta:
        verbose_name = _("听证会与恳谈会")

    def notices(self, request=None):
        return public(HearingNoticePage.objects.child_of(self).live(), request)

    def upcoming(self, now=None, request=None):
        now = now or timezone.now()
        return self.notices(request).filter(ends_at__gte=now).order_by("starts_at", "pk")

    def past(self, now=None, request=None):
        now = now or timezone.now()
        return self.notices(request).filter(ends_at__lt=now).order_by("-starts_at", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        kind = request.GET.get("kind")
        upcoming, past = self.upcoming(now, request), self.past(now, request)
        if kind in HearingNoticePage.Kind.values:
            upcoming, past = upcoming.filter(kind=kind), past.filter(kind=kind)
        context.update(
            upcoming=paginate(request, upcoming, param="upcoming"),
            past=paginate(request, past),
            kinds=HearingNoticePage.Kind.choices,
            current_kind=kind if kind in HearingNoticePage.Kind.values else "",
            now=now,
        )
        return context

    @path("ics/", name="ics")
    def ics(self, request):
        return calendar_response(self.notices().order_by("starts_at"), self.slug, self.title)

    def feed_items(self, request):
        return self.notices(request).order_by("-first_published_at", "-pk")


class HearingNoticePage(MeetingPage, RoutablePageMixin, ContentPage):
    """The notice of a meeting; its state follows from its dates and fields.

    It tells the hearing block on it about the meeting through ``meeting()`` (the contract in
    ``participation.core.pages``): the block's own dates and venue, when set, come first.
    """

    class Kind(models.TextChoices):
        HEARING = "hearing", _("听证会")
        CONSULTATION = "consultation", _("社情恳谈会")
        BRIEFING = "briefing", _("情况通报会")

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("即将召开")
        REGISTRATION_OPEN = "registration_open", _("报名中")
        HELD = "held", _("已召开")
        MINUTES_PUBLISHED = "minutes_published", _("已公布纪要")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.HEARING)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    venue = models.CharField(_("地点"), max_length=200)
    organiser = models.CharField(_("主办"), max_length=200, default="柳背桥社区居委会")
    audience = models.CharField(
        _("参加人员"), max_length=300, blank=True, help_text=_("谁可以参加，例如：党员、居民代表。")
    )
    agenda = RichTextField(_("议程"), blank=True, features=RICH_TEXT)
    registration_deadline = models.DateTimeField(_("报名截止"), null=True, blank=True)
    opinion_deadline = models.DateTimeField(_("书面意见截止"), null=True, blank=True)
    minutes = RichTextField(_("会议纪要"), blank=True, features=RICH_TEXT)
    decisions = RichTextField(_("决定事项"), blank=True, features=RICH_TEXT)
    responses = RichTextField(_("对居民意见的答复"), blank=True, features=RICH_TEXT)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("starts_at"),
                FieldPanel("ends_at"),
                FieldPanel("venue"),
                FieldPanel("organiser"),
                FieldPanel("audience"),
            ],
            heading=_("会议"),
        ),
        MultiFieldPanel(
            [FieldPanel("registration_deadline"), FieldPanel("opinion_deadline")],
            heading=_("报名与书面意见"),
        ),
        FieldPanel("agenda"),
        FieldPanel("body", heading=_("说明与会前阅读材料")),
        MultiFieldPanel(
            [FieldPanel("minutes"), FieldPanel("decisions"), FieldPanel("responses")],
            heading=_("会后"),
        ),
    ]
    search_text_fields = ("venue", "organiser", "agenda", "minutes", "decisions")
    search_fields = ContentPage.search_fields + [
        index.FilterField("starts_at"),
        index.FilterField("kind"),
    ]
    api_fields = [
        "kind",
        "starts_at",
        "ends_at",
        "venue",
        "organiser",
        "audience",
        "agenda",
        "registration_deadline",
        "opinion_deadline",
        "minutes",
        "decisions",
        "responses",
        "body",
        APIField("state", serializer=CharField(read_only=True)),  # from dates and minutes
    ]
    parent_page_types = ["pages.HearingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("会议通知")
        verbose_name_plural = _("会议通知")

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("结束时间必须晚于开始时间。")
        if (
            self.registration_deadline
            and self.starts_at
            and self.registration_deadline > self.starts_at
        ):
            errors["registration_deadline"] = _("报名截止时间不能晚于会议开始时间。")
        published = self.first_published_at or self.go_live_at or timezone.now()
        if self.opinion_deadline and self.opinion_deadline < published:
            errors["opinion_deadline"] = _("书面意见截止时间不能早于通知发布时间。")
        if has_text(self.minutes) and self.starts_at and self.starts_at > timezone.now():
            errors["minutes"] = _("会议召开以后才能填写会议纪要。")
        if errors:
            raise ValidationError(errors)

    def state(self, now=None):
        """Upcoming, open for registration, held or minutes published, from dates and fields."""
        now = now or timezone.now()
        if has_text(self.minutes):
            return self.State.MINUTES_PUBLISHED
        if now >= self.starts_at:
            return self.State.HELD
        if self.registration_deadline and now < self.registration_deadline:
            return self.State.REGISTRATION_OPEN
        return self.State.UPCOMING

    def get_state_display(self):
        return self.state().label

    def poster_facts(self) -> list[tuple[str, str]]:
        facts = [
            (gettext("类型"), str(self.get_kind_display())),
            (gettext("时间"), _local(self.starts_at)),
            (gettext("地点"), self.venue),
            (gettext("主办"), self.organiser),
        ]
        if self.registration_deadline:
            facts.append((gettext("报名截止"), _local(self.registration_deadline)))
        if self.opinion_deadline:
            facts.append((gettext("书面意见截止"), _local(self.opinion_deadline)))
        return facts

    def feed_summary(self) -> str:
        starts = timezone.localtime(self.starts_at)
        return _("%(kind)s：%(time)s，%(venue)s。%(summary)s") % {
            "kind": self.get_kind_display(),
            "time": f"{starts:%Y-%m-%d %H:%M}",
            "venue": self.venue,
            "summary": super().feed_summary(),
        }

    def feed_categories(self) -> list[str]:
        return [str(self.get_kind_display())]

    def has_outcome(self) -> bool:
        return has_text(self.minutes)

    def outcome_summary(self) -> str:
        """The decisions where staff listed them, otherwise the minutes."""
        text = self.decisions if has_text(self.decisions) else self.minutes
        return Truncator(strip_tags(str(text))).chars(OUTCOME_LENGTH)

    def meeting(self) -> Meeting:
        return Meeting(
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            venue=self.venue,
            registration_deadline=self.registration_deadline,
            opinion_deadline=self.opinion_deadline,
        )

    @path("ics/", name="ics")
    def ics(self, request):
        return calendar_response([self], self.slug, self.title)


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
