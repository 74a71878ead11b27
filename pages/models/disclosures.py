"""The disclosure board (党务、居务公开栏): numbered items in categories, current and archived."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from pages.models.base import ContentPage, SectionIndexPage
from pages.pagination import paginate
from pages.site_data import public
from participation.core.params import int_param, year_param
from participation.residents.communities import community_id_of_page
from participation.residents.models import default_community_id


class DisclosureCategory(models.Model):
    """A column of the board (党务公开, 居务公开, 财务公开, 服务公开); editors order them."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    slug = models.SlugField(_("网址名"), max_length=50, unique=True, allow_unicode=False)
    number_prefix = models.CharField(
        _("编号前缀"), max_length=10, help_text=_("编号的开头，例如“居务”得到 居务〔2026〕7号。")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0, db_index=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("number_prefix")]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("公开类别")
        verbose_name_plural = _("公开类别")

    def __str__(self):
        return self.name


class DisclosureCounter(models.Model):
    """The last number given in one community, category and year; its row is locked while
    numbering. Every community numbers its board from 1 each year."""

    community = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="+", default=default_community_id
    )
    category = models.ForeignKey(DisclosureCategory, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "category", "year"], name="disclosure_counter_unique"
            )
        ]

    def __str__(self):
        return f"{self.category_id}/{self.year}: {self.last_serial}"

    @classmethod
    @transaction.atomic
    def take_next(cls, community_id, category_id, year) -> int:
        """The next serial of (community, category, year), never given before.

        The counter row is created if missing (ignoring a concurrent creation) and then locked,
        so parallel publishes in one category wait for each other and take consecutive
        numbers; the unique constraint on the page's (community, category, year, serial) is the
        last line of defence. A number is never reused: the counter only goes up.
        """
        key = {"community_id": community_id, "category_id": category_id, "year": year}
        cls.objects.bulk_create([cls(**key)], ignore_conflicts=True)
        counter = cls.objects.select_for_update().get(**key)
        counter.last_serial += 1
        counter.save(update_fields=["last_serial"])
        return counter.last_serial


class DisclosureIndexPage(SectionIndexPage):
    """The board: current items by default, the archive on request; by category, year, month."""

    subpage_types = ["pages.DisclosurePage"]

    class Meta:
        verbose_name = _("党务、居务公开栏")

    def items(self, request=None):
        return (
            public(DisclosurePage.objects.child_of(self).live(), request)
            .select_related("category")
            .order_by("-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        archived = request.GET.get("archive") == "1"
        items = self.items(request)
        items = items.filter(
            DisclosurePage.archived_q(today) if archived else DisclosurePage.current_q(today)
        )
        categories = list(DisclosureCategory.objects.all())
        category = next((c for c in categories if c.slug == request.GET.get("category")), None)
        year = year_param(request.GET, "year")
        month = int_param(request.GET, "month", minimum=1, maximum=12)
        if category:
            items = items.filter(category=category)
        if year:
            items = items.filter(first_published_at__year=year)
        if month:
            items = items.filter(first_published_at__month=month)
        context.update(
            items=paginate(request, items),
            archived=archived,
            categories=categories,
            current_category=category,
            current_year=year,
            current_month=month,
            years=self.items(request).dates("first_published_at", "year", order="DESC"),
            months=range(1, 13),
        )
        return context

    def feed_category(self, request):
        slug = request.GET.get("category")
        return DisclosureCategory.objects.filter(slug=slug).first() if slug else None

    def feed_items(self, request):
        """Every published item, current or archived (a feed reader keeps what it read); one
        category with ``?category=<slug>``."""
        items = self.items(request)
        category = self.feed_category(request)
        return items.filter(category=category) if category else items

    def feed_title(self, request) -> str:
        category = self.feed_category(request)
        title = super().feed_title(request)
        return f"{title} · {category}" if category else title


class DisclosurePage(ContentPage):
    """A disclosure item; numbered in sequence per category and year when first published."""

    category = models.ForeignKey(
        DisclosureCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="items"
    )
    number = models.CharField(_("编号"), max_length=40, blank=True, editable=False)
    serial_year = models.PositiveIntegerField(null=True, blank=True, editable=False)
    serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    serial_community = models.ForeignKey(
        Site, null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("有效期自"), default=datetime.date.today)
    valid_until = models.DateField(
        _("有效期至"),
        null=True,
        blank=True,
        help_text=_("过了这一天，公开事项自动转入归档；留空表示长期有效。"),
    )
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("更正的事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
        help_text=_("本事项更正的原公开事项。"),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("valid_from"), FieldPanel("valid_until")],
            heading=_("类别与有效期"),
        ),
        FieldPanel("supersedes"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
    ]
    search_text_fields = ("number", "category")
    search_fields = ContentPage.search_fields + [
        index.SearchField("number"),
        index.FilterField("category"),
    ]
    api_fields = ["number", "category", "valid_from", "valid_until", "supersedes", "body"]
    parent_page_types = ["pages.DisclosureIndexPage"]
    subpage_types = []
    # A copy is a new item: it gets its own number when it is published.
    exclude_fields_in_copy = ["number", "serial_year", "serial", "serial_community"]

    class Meta:
        verbose_name = _("公开事项")
        verbose_name_plural = _("公开事项")
        constraints = [
            models.UniqueConstraint(
                fields=["serial_community", "category", "serial_year", "serial"],
                condition=Q(serial__isnull=False),
                name="disclosure_number_unique",
            )
        ]

    @staticmethod
    def current_q(today):
        """On the current board: not yet past its validity (items not yet in force included)."""
        return Q(valid_until__isnull=True) | Q(valid_until__gte=today)

    @staticmethod
    def archived_q(today):
        return Q(valid_until__lt=today)

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("有效期的结束日期不能早于开始日期。")})
        if self.supersedes_id and self.pk and self.supersedes_id == self.pk:
            raise ValidationError({"supersedes": _("公开事项不能更正它自己。")})

    def is_archived(self, today=None):
        today = today or timezone.localdate()
        return self.valid_until is not None and self.valid_until < today

    def short_path(self) -> str:
        """Its number as a path that outlives the slug (pages.views.disclosure_link)."""
        if self.serial is None:
            return super().short_path()
        args = [self.category.slug, self.serial_year, self.serial]
        return reverse("disclosure_link", args=args)

    def poster_facts(self) -> list[tuple[str, str]]:
        until = self.valid_until.isoformat() if self.valid_until else gettext("长期")
        return [
            (gettext("编号"), self.number),
            (gettext("类别"), self.category.name),
            (gettext("有效期"), f"{self.valid_from.isoformat()} – {until}"),
        ]

    def feed_summary(self) -> str:
        return f"{self.number} {super().feed_summary()}".strip()

    def feed_categories(self) -> list[str]:
        return [self.category.name]

    def is_pending(self, today=None):
        return self.valid_from > (today or timezone.localdate())

    def assign_number(self) -> None:
        """The next number of the category in this year and community, e.g. 居务〔2026〕7号."""
        year = timezone.localdate().year
        self.serial_year = year
        self.serial_community_id = community_id_of_page(self) or default_community_id()
        self.serial = DisclosureCounter.take_next(self.serial_community_id, self.category_id, year)
        self.number = f"{self.category.number_prefix}〔{year}〕{self.serial}号"

    def save(self, *args, **kwargs):
        if self.live and not self.serial:
            self.assign_number()
        super().save(*args, **kwargs)

    def with_content_json(self, content):
        """A revision never changes or clears the number the board gave at first publish."""
        obj = super().with_content_json(content)
        obj.number, obj.serial_year, obj.serial = self.number, self.serial_year, self.serial
        obj.serial_community_id = self.serial_community_id
        return obj


class DisclosureAttachment(Orderable):
    """A document attached to an item (PDF, Word, Excel), listed under its body."""

    page = ParentalKey(DisclosurePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文件"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("显示名称"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def display_title(self):
        return self.title or self.document.title
