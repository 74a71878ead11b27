"""Hearings: the hearing module of a notice page, registrations, written opinions and answers."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from participation.core.electorates import electorate_choices
from participation.core.files import protected_storage
from participation.core.models import Contribution, Module
from participation.core.pages import Meeting, meeting, validate_page_contract
from participation.hearings.validators import detect_type

# Letters and digits that cannot be mistaken for one another when read aloud or typed at the door.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_registration_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """A typed or scanned code as stored: upper case, without spaces, dashes or a URL prefix."""
    text = (raw or "").strip().upper()
    text = text.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return "".join(ch for ch in text if ch.isalnum())


def eligibility_options() -> list[tuple[str, str]]:
    """The hearing's own admissions, then the electorates other plugins declare."""
    return [*Hearing.Eligibility.choices, *electorate_choices()]


class Hearing(Module):
    """The hearing block of a notice page: who may register, the seats, and the outcome.

    The registration window is Module.opens_at/closes_at. The meeting's time, venue and the
    deadlines are the hearing's own when set here, else what its page announces through the
    ``MeetingPage`` contract (the plugin's ``page_contract``), which its page must implement.
    """

    module_kind = "hearing"

    class Eligibility(models.TextChoices):
        VERIFIED = "verified", _("已认证居民")
        REPRESENTATIVES = "representatives", _("仅限现任居民代表")
        BUILDINGS = "buildings", _("指定楼栋的已认证居民")

    eligibility = models.CharField(
        _("报名资格"),
        max_length=100,
        choices=eligibility_options,
        default=Eligibility.VERIFIED,
        help_text=_("其他插件声明的范围（如“党员和居民代表”）也可以选择。"),
    )
    buildings = models.ManyToManyField(
        "participation_residents.Building",
        verbose_name=_("可报名的楼栋"),
        blank=True,
        related_name="+",
        help_text=_("报名资格为“指定楼栋”时生效。"),
    )
    capacity = models.PositiveIntegerField(_("座位数"), default=30)
    waiting_list = models.BooleanField(_("开放候补名单"), default=True)
    agenda = models.TextField(
        _("议程"), blank=True, help_text=_("每行一项；居民报名发言时可以选择。")
    )
    starts_at = models.DateTimeField(
        _("会议开始"), null=True, blank=True, help_text=_("留空则使用通知页面上的时间。")
    )
    ends_at = models.DateTimeField(
        _("会议结束"), null=True, blank=True, help_text=_("留空则使用通知页面上的时间。")
    )
    venue = models.CharField(
        _("地点"), max_length=200, blank=True, help_text=_("留空则使用通知页面上的地点。")
    )
    opinion_deadline = models.DateTimeField(
        _("书面意见截止"), null=True, blank=True, help_text=_("留空则使用通知页面上的截止时间。")
    )
    minutes = RichTextField(_("会议纪要"), blank=True, features=["bold", "italic", "ol", "ul"])
    decisions = RichTextField(_("会议决定"), blank=True, features=["bold", "italic", "ol", "ul"])
    attendance = models.PositiveIntegerField(
        _("出席人数"), null=True, blank=True, help_text=_("留空则显示签到人数。")
    )

    class Meta:
        verbose_name = _("听证会")
        verbose_name_plural = _("听证会")
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="hearing_seats")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """What the hearing is called in e-mails, tickets and exports: its page's title
        ("关于小区停车管理的听证会"). The module's own title is the heading of the block on that
        page ("报名参加"), which means nothing in an inbox."""
        return self.page.title if self.page_id else self.title

    # -- the meeting, from the hearing or its notice page --
    @cached_property
    def announced(self) -> Meeting:
        """The meeting as the page announces it (the ``MeetingPage`` contract); empty on a
        page that announces none."""
        return meeting(self.page) or Meeting()

    @property
    def meeting_starts_at(self):
        return self.starts_at or self.announced.starts_at

    @property
    def meeting_ends_at(self):
        return self.ends_at or self.announced.ends_at or self.meeting_starts_at

    @property
    def meeting_venue(self) -> str:
        return self.venue or self.announced.venue

    @property
    def opinions_close_at(self):
        return self.opinion_deadline or self.announced.opinion_deadline or self.meeting_starts_at

    @property
    def registration_closes_at(self):
        return self.closes_at or self.announced.registration_deadline or self.meeting_starts_at

    def clean(self):
        super().clean()
        validate_page_contract(self.module_kind, self.page if self.page_id else None)

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        closes = self.registration_closes_at
        return self.has_opened(now) and not (closes and closes <= now)

    def opinions_are_open(self, now=None) -> bool:
        closes = self.opinions_close_at
        return closes is None or (now or timezone.now()) < closes

    def has_been_held(self, now=None) -> bool:
        ends = self.meeting_ends_at
        return ends is not None and ends <= (now or timezone.now())

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    def attendance_count(self) -> int:
        if self.attendance is not None:
            return self.attendance
        return self.registrations.filter(checked_in_at__isnull=False).count()


class Registration(Contribution):
    """A resident's place at a hearing: confirmed, waiting (in arrival order) or cancelled.

    ``position`` is the arrival order, assigned while the hearing row is locked, so it is
    the order in which registrations were decided, without ties.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("已确认")
        WAITING = "waiting", _("候补")
        CANCELLED = "cancelled", _("已取消")

    module = models.ForeignKey(
        Hearing, verbose_name=_("听证会"), on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    position = models.PositiveIntegerField(_("报名顺序"))
    code = models.CharField(
        _("报名码"), max_length=CODE_LENGTH, unique=True, default=new_registration_code
    )
    wants_to_speak = models.BooleanField(_("希望发言"), default=False)
    agenda_item = models.CharField(_("发言议题"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签到工作人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminder_sent_at = models.DateTimeField(_("提醒发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["module_id", "position"]
        verbose_name = _("报名记录")
        verbose_name_plural = _("报名记录")
        constraints = [
            models.UniqueConstraint(
                fields=["module", "author"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_resident",
            ),
            models.UniqueConstraint(
                fields=["module", "position"], name="unique_registration_position"
            ),
        ]
        indexes = [models.Index(fields=["module", "status", "position"])]

    def __str__(self):
        return f"{self.module} · {self.author or _('已注销居民')} · {self.code}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def qr_content(self) -> str:
        return self.code

    # columns of the attendee export (wagtail-modeladmin list_export)
    def resident_name(self):
        return str(self.author) if self.author else _("已注销居民")

    resident_name.short_description = _("居民")

    def resident_building(self):
        unit = getattr(self.author, "unit", None)
        return str(unit.building) if unit else ""

    resident_building.short_description = _("楼栋")

    def resident_unit(self):
        unit = getattr(self.author, "unit", None)
        return str(unit) if unit else ""

    resident_unit.short_description = _("住户单元")

    def resident_phone(self):
        phone = getattr(self.author, "phone", None)
        return str(phone) if phone else ""

    resident_phone.short_description = _("手机号码")


class OpinionGroup(models.Model):
    """A heading under which staff gather related written opinions of one hearing."""

    hearing = models.ForeignKey(
        Hearing, verbose_name=_("听证会"), on_delete=models.CASCADE, related_name="opinion_groups"
    )
    title = models.CharField(_("标题"), max_length=200)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["hearing", "sort_order", "pk"]
        verbose_name = _("意见分组")
        verbose_name_plural = _("意见分组")

    def __str__(self):
        return self.title


def attachment_path(opinion, filename):
    """A random name with the extension of the type detected from the content: neither the
    uploaded name nor its extension is used (a PNG named ``x.html`` is stored as ``.png``)."""
    upload = opinion.attachment.file
    upload.seek(0)
    detected = detect_type(upload.read(16))
    upload.seek(0)
    extension = detected.extension if detected else "bin"
    return f"hearings/opinions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class OpinionQuerySet(models.QuerySet):
    def public(self):
        """Opinions anyone may read: published by staff and not withdrawn."""
        return self.filter(status=Opinion.Status.SUBMITTED, published_at__isnull=False)


class Opinion(Contribution):
    """A resident's written opinion (书面意见) on a hearing, answered by staff."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        WITHDRAWN = "withdrawn", _("已撤回")

    module = models.ForeignKey(
        Hearing, verbose_name=_("听证会"), on_delete=models.CASCADE, related_name="opinions"
    )
    text = models.TextField(_("意见内容"))
    attachment = models.FileField(
        _("附件"), upload_to=attachment_path, storage=protected_storage, blank=True
    )
    show_name = models.BooleanField(_("公开时显示我的名字"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    group = models.ForeignKey(
        OpinionGroup,
        verbose_name=_("分组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    objects = OpinionQuerySet.as_manager()

    class Meta:
        ordering = ["module_id", "created_at"]
        verbose_name = _("书面意见")
        verbose_name_plural = _("书面意见")
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="submitted"),
                name="withdrawn_opinion_is_not_published",
            )
        ]

    def __str__(self):
        return self.text[:40]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.status == self.Status.SUBMITTED

    def public_author(self) -> str:
        """The author as the public sees them (3栋 王**), or anonymous when they chose so."""
        if not (self.show_name and self.author):
            return str(_("匿名居民"))
        return self.author.public_name
