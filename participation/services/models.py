"""Staggered-hours service (错时服务): the catalogue of matters, the duty roster whose turns are
the bookable slots, and bookings, each of which is one entry of the duty log (当班记录簿)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.core.models import Contribution, Module
from participation.residents.models import community_field

TEXT_LIMIT = 1000
"""The longest text a resident or a cadre may write in one field (details, reply, message)."""


class ServiceBlock(Module):
    """The service's block on a page: the way to book, the published roster and last month's
    summary. Bookings made through it keep its page's visibility rule."""

    module_kind = "services"

    show_roster = models.BooleanField(_("显示本月轮流表"), default=True)
    show_summary = models.BooleanField(_("显示上月服务情况"), default=True)

    class Meta:
        verbose_name = _("错时服务模块")
        verbose_name_plural = _("错时服务模块")

    def __str__(self):
        return self.title


class Matter(models.Model):
    """One matter the office handles after hours (证明开具, 社保代办, …); staff keep the list."""

    community = community_field(_("办理这个事项的社区：只在这个社区的页面上预约。"))
    name = models.CharField(_("事项名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    what_to_bring = models.TextField(_("需携带的材料"), blank=True, help_text=_("每行一项。"))
    can_delegate = models.BooleanField(
        _("可以代办"), default=False, help_text=_("居民不必到场，交给当班干部代为办理。")
    )
    usual_minutes = models.PositiveSmallIntegerField(_("通常办理时长（分钟）"), default=15)
    reply_days = models.PositiveSmallIntegerField(
        _("答复时限（天）"), default=3, help_text=_("从登记起算，超过时限未答复即为超期。")
    )
    is_active = models.BooleanField(_("接受预约"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        constraints = [
            models.CheckConstraint(condition=Q(reply_days__gte=1), name="reply_days"),
            models.UniqueConstraint(fields=["community", "name"], name="matter_name_per_community"),
        ]

    def __str__(self):
        return self.name

    @property
    def items_to_bring(self) -> list[str]:
        return [line.strip() for line in self.what_to_bring.splitlines() if line.strip()]


class DutyPattern(models.Model):
    """A cadre's weekly turn ("每周一 19:00–21:00"); each month's duties are built from these."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("星期一")
        TUESDAY = 1, _("星期二")
        WEDNESDAY = 2, _("星期三")
        THURSDAY = 3, _("星期四")
        FRIDAY = 4, _("星期五")
        SATURDAY = 5, _("星期六")
        SUNDAY = 6, _("星期日")

    community = community_field(_("轮值所在的社区：它的当班时段只在这个社区预约。"))
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("当班干部"),
        on_delete=models.CASCADE,
        related_name="service_duty_patterns",
        limit_choices_to={"is_staff": True},
    )
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    capacity = models.PositiveSmallIntegerField(_("可预约人数"), default=4)
    venue = models.CharField(_("地点"), max_length=200, default="社区党群服务中心")
    valid_from = models.DateField(_("起始日期"))
    valid_until = models.DateField(_("截止日期"), null=True, blank=True)

    class Meta:
        ordering = ["weekday", "starts_at"]
        verbose_name = _("每周轮值")
        verbose_name_plural = _("每周轮值")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="pattern_order"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="pattern_capacity"),
        ]

    def __str__(self):
        hours = f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
        return f"{self.get_weekday_display()} {hours} · {self.cadre}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("结束时间必须晚于开始时间。")})
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("截止日期不能早于起始日期。")})

    def applies_on(self, day) -> bool:
        return (
            day.weekday() == self.weekday
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


class Leave(models.Model):
    """A cadre away (请假): their duties in the period lose their cadre until someone swaps in."""

    community = community_field(_("请假影响的是这个社区的当班。"))
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("干部"),
        on_delete=models.CASCADE,
        related_name="service_leaves",
        limit_choices_to={"is_staff": True},
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    reason = models.CharField(_("事由"), max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("请假")
        verbose_name_plural = _("请假")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="leave_order"
            )
        ]

    def __str__(self):
        return f"{self.cadre} · {self.starts_on}–{self.ends_on}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期。")})


class Duty(models.Model):
    """One turn of duty in the month's roster (当班轮流表), and the slot residents book.

    A duty without a cadre (leave, a cadre taken off the roster) takes no new bookings; its
    existing bookings are flagged for reassignment, never dropped.
    """

    community = community_field(_("当班所在的社区（来自每周轮值的，随轮值）。"))
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("当班干部"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_duties",
        limit_choices_to={"is_staff": True},
    )
    capacity = models.PositiveSmallIntegerField(_("可预约人数"), default=4)
    venue = models.CharField(_("地点"), max_length=200, default="社区党群服务中心")
    pattern = models.ForeignKey(
        DutyPattern,
        verbose_name=_("来自每周轮值"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duties",
    )
    swapped_from = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("换班前的干部"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("当班")
        verbose_name_plural = _("当班轮流表")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="duty_order"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="duty_capacity"),
            models.UniqueConstraint(fields=["pattern", "starts_at"], name="one_duty_per_turn"),
        ]

    def __str__(self):
        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        who = self.cadre or _("待安排")
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} · {who}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("结束时间必须晚于开始时间。")})

    def has_started(self, now=None) -> bool:
        return self.starts_at <= (now or timezone.now())


class ServiceMonth(models.Model):
    """One month of the service: when its roster was published and who signed its check off."""

    community = community_field(_("这个社区的服务月份。"))
    month = models.DateField(_("月份"), help_text=_("该月的第一天。"))
    roster_published_at = models.DateTimeField(_("轮流表公布时间"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("检查人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("检查确认时间"), null=True, blank=True)
    check_note = models.TextField(
        _("检查意见"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = _("服务月份")
        verbose_name_plural = _("服务月份")
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="first_of_month"),
            models.UniqueConstraint(fields=["community", "month"], name="one_month_per_community"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}"


class EntryLocked(ValidationError):
    """A replied entry of the duty log was about to change: correct it with a new entry."""


class Booking(Contribution):
    """A request to the staggered-hours service, and its entry in the duty log (当班记录簿).

    Online bookings, phone calls and walk-ins alike. Once replied, what the entry records is
    fixed (``save`` refuses changes, ``delete`` refuses); a mistake is corrected by a new entry
    whose ``corrects`` names the old one. Only the close of the flow (done, the rating, the
    reminder mark) changes afterwards. ``author`` is the resident (none for a visitor without
    an account, or once the account is deleted).
    """

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上预约")
        PHONE = "phone", _("电话")
        WALK_IN = "walk_in", _("来访")

    class Mode(models.TextChoices):
        VISIT = "visit", _("按时段到场办理")
        ASK_TIME = "ask_time", _("另约时间")
        DELEGATE = "delegate", _("代办（不必到场）")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        ACCEPTED = "accepted", _("已受理")
        IN_PROGRESS = "in_progress", _("办理中")
        REPLIED = "replied", _("已答复")
        DONE = "done", _("已办结")
        DECLINED = "declined", _("不予受理")
        CANCELLED = "cancelled", _("已取消")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASICALLY = "basically", _("基本满意")
        DISSATISFIED = "dissatisfied", _("不满意")

    ACTIVE = (Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS)
    # What may still change on a replied entry: the close of the flow, not what was recorded.
    CHANGEABLE_AFTER_REPLY = frozenset(
        {"status", "done_at", "rating", "rating_comment", "rated_at", "reminder_sent_at"}
    )

    module = models.ForeignKey(
        Module,
        verbose_name=_("参与模块"),
        on_delete=models.PROTECT,
        related_name="service_bookings",
    )
    matter = models.ForeignKey(
        Matter, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="bookings"
    )
    channel = models.CharField(
        _("登记方式"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    mode = models.CharField(_("办理方式"), max_length=10, choices=Mode.choices)
    duty = models.ForeignKey(
        Duty,
        verbose_name=_("预约时段"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    requested_time = models.DateTimeField(_("希望的时间"), null=True, blank=True)
    details = models.TextField(
        _("情况说明"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    visitor_name = models.CharField(
        _("来访人姓名"), max_length=100, blank=True, help_text=_("没有账号的来访或来电居民。")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代为登记的工作人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent = models.BooleanField(_("居民同意代为登记"), default=False)
    status = models.CharField(
        _("状态"), max_length=15, choices=Status.choices, default=Status.SUBMITTED
    )
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办干部"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_bookings_handled",
    )
    needs_reassignment = models.BooleanField(_("需重新安排干部"), default=False)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始办理时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("取消或不予受理时间"), null=True, blank=True)
    reply = models.TextField(_("答复"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)])
    result = models.CharField(_("办理结果"), max_length=200, blank=True)
    decline_reason = models.TextField(
        _("不予受理的理由"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    reminder_sent_at = models.DateTimeField(_("提醒发送时间"), null=True, blank=True)
    rating = models.CharField(_("评价"), max_length=15, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(
        _("评价意见"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("更正的记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("当班记录")
        verbose_name_plural = _("当班记录簿")
        permissions = [
            ("handle_booking", _("办理错时服务预约")),
            ("view_checks", _("查看错时服务专项检查")),
            ("export_checks", _("导出错时服务专项检查")),
            ("sign_off_month", _("签署错时服务月度检查")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "author"],
                condition=Q(status__in=["submitted", "accepted", "in_progress"]),
                name="one_active_booking_per_slot",
            ),
            models.CheckConstraint(
                condition=~Q(mode="visit") | Q(duty__isnull=False), name="visit_has_slot"
            ),
            models.CheckConstraint(
                condition=Q(recorded_by__isnull=True) | Q(consent=True),
                name="recorded_on_behalf_with_consent",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"#{self.pk} {self.matter} · {self.get_status_display()}"

    @property
    def reply_due_at(self):
        """The time limit for a reply: the matter's days counted from the entry."""
        return self.created_at + timedelta(days=self.matter.reply_days)

    def is_overdue(self, now=None) -> bool:
        """No reply within the matter's time limit (declined or cancelled entries never are)."""
        if self.status in (self.Status.DECLINED, self.Status.CANCELLED):
            return False
        answered = self.replied_at or now or timezone.now()
        return answered > self.reply_due_at

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def appointment_starts_at(self):
        return self.duty.starts_at if self.duty_id else self.requested_time

    def resident_label(self) -> str:
        if self.author_id:
            return str(self.author)
        return self.visitor_name or str(_("已注销居民"))

    resident_label.short_description = _("居民")

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk:
            self._refuse_changes_after_reply(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def _refuse_changes_after_reply(self, update_fields):
        stored = type(self).objects.filter(pk=self.pk).first()
        if stored is None or stored.replied_at is None:
            return
        names = update_fields or [
            field.name for field in self._meta.concrete_fields if not field.primary_key
        ]
        changed = [
            name
            for name in names
            if name not in self.CHANGEABLE_AFTER_REPLY
            and getattr(stored, self._meta.get_field(name).attname)
            != getattr(self, self._meta.get_field(name).attname)
        ]
        if changed:
            raise EntryLocked(_("这条记录已经答复，不能再修改；如有错误，请新增一条更正记录。"))

    def delete(self, *args, **kwargs):
        if type(self).objects.filter(pk=self.pk, replied_at__isnull=False).exists():
            raise EntryLocked(_("这条记录已经答复，不能删除。"))
        return super().delete(*args, **kwargs)


class BookingMessage(models.Model):
    """A message on a booking, from the cadre (or staff) to the resident; shown on its page."""

    booking = models.ForeignKey(
        Booking, verbose_name=_("预约"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("留言人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("留言"), validators=[MaxLengthValidator(TEXT_LIMIT)])
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("留言")
        verbose_name_plural = _("留言")

    def __str__(self):
        return self.text[:40]
