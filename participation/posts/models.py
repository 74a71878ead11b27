"""Posts (设岗定责), who holds them, their duty days (奉献一日), pledges (五个一), suggestions
and the party-member roster (一卡一册).

Capacity rules are decided in ``services.py`` under a row lock; the partial unique constraints
here are the last line of defence against one person holding two places at once.
"""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.residents.models import Building, community_field


class Post(models.Model):
    """One of the responsibility posts (治安巡逻岗 …) of one community, edited by staff."""

    community = community_field(_("岗位所在的社区：只有这个社区的居民可以申请和报名。"))
    name = models.CharField(_("岗位名称"), max_length=40)
    slug = models.SlugField(_("网址名称"), max_length=40)
    description = models.TextField(_("岗位说明"))
    duties = models.TextField(_("岗位职责"), help_text=_("每行一条。"))
    area = models.CharField(_("责任区域"), max_length=100, blank=True)
    building = models.ForeignKey(
        Building,
        verbose_name=_("责任楼栋"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    places = models.PositiveSmallIntegerField(
        _("需要人数"), default=5, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="post_name_per_community"),
            models.UniqueConstraint(fields=["community", "slug"], name="post_slug_per_community"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("participation_posts:post", args=[self.slug])

    @property
    def duty_lines(self) -> list[str]:
        return [line.strip() for line in self.duties.splitlines() if line.strip()]


class PostApplication(models.Model):
    """A member or volunteer choosing a post with the skill they offer (选择一岗、贡献一技).

    A pending application holds a place until staff decide, so that a post never has more
    people approved than it needs.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("在岗")
        DECLINED = "declined", _("未通过")
        LEFT = "left", _("已离岗")

    HOLDING = (Status.PENDING, Status.APPROVED)

    post = models.ForeignKey(
        Post, verbose_name=_("岗位"), on_delete=models.CASCADE, related_name="applications"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.CASCADE,
        related_name="post_applications",
    )
    skill = models.CharField(_("贡献一技"), max_length=100)
    show_name = models.BooleanField(_("在岗位页面上公开我的名字"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("岗位申请")
        verbose_name_plural = _("岗位申请")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["pending", "approved"]),
                name="posts_one_post_per_person",
            )
        ]

    def __str__(self):
        return f"{self.post} · {self.person}"


class DutyDay(models.Model):
    """A dated shift of a post (奉献一日) with a number of places."""

    post = models.ForeignKey(
        Post, verbose_name=_("岗位"), on_delete=models.CASCADE, related_name="duty_days"
    )
    date = models.DateField(_("日期"))
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    places = models.PositiveSmallIntegerField(
        _("名额"), default=3, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    meeting_point = models.CharField(_("集合地点"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("服务日")
        verbose_name_plural = _("服务日")
        ordering = ["date", "starts_at", "pk"]

    def __str__(self):
        return f"{self.post} {self.date:%Y-%m-%d} {self.starts_at:%H:%M}"

    @property
    def length_in_hours(self) -> Decimal:
        start = datetime.combine(self.date, self.starts_at)
        end = datetime.combine(self.date, self.ends_at)
        return Decimal(round((end - start).total_seconds() / 3600, 1)).quantize(Decimal("0.1"))

    def starts(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.starts_at))


class DutySignup(models.Model):
    """A person's place on a duty day; hours are recorded by staff at check-in."""

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("已报名")
        WAITING = "waiting", _("候补")
        CANCELLED = "cancelled", _("已取消")

    ACTIVE = (Status.SIGNED_UP, Status.WAITING)

    duty = models.ForeignKey(
        DutyDay, verbose_name=_("服务日"), on_delete=models.CASCADE, related_name="signups"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报名人"),
        on_delete=models.CASCADE,
        related_name="duty_signups",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.SIGNED_UP
    )
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签到人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hours = models.DecimalField(
        _("服务时长（小时）"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("服务日报名")
        verbose_name_plural = _("服务日报名")
        ordering = ["duty__date", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "person"],
                condition=Q(status__in=["signed_up", "waiting"]),
                name="posts_one_signup_per_duty",
            )
        ]

    def __str__(self):
        return f"{self.duty} · {self.person}"


class Pledge(models.Model):
    """One of a member's five pledges for a year (五个一), marked done when kept."""

    class Kind(models.TextChoices):
        POST = "post", _("申领一个岗位")
        CARE = "care", _("献一份爱心")
        IDEA = "idea", _("出一个主意")
        PAIR = "pair", _("结一个对子")
        DEED = "deed", _("办一件实事")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("党员"),
        on_delete=models.CASCADE,
        related_name="pledges",
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("承诺事项"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("承诺内容"), max_length=200)
    is_public = models.BooleanField(_("公开这项承诺"), default=False)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("填写时间"), default=timezone.now)

    class Meta:
        verbose_name = _("五个一承诺")
        verbose_name_plural = _("五个一承诺")
        ordering = ["year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "kind"], name="posts_one_pledge_per_kind_and_year"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()}"


class Suggestion(models.Model):
    """An idea handed in (出一个主意) on a community's site; its staff may adopt it as a blog
    topic."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        ADOPTED = "adopted", _("已采纳为博客话题")
        NOTED = "noted", _("已阅")

    community = community_field(_("主意提交所在的社区。"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="post_suggestions",
    )
    title = models.CharField(_("主意"), max_length=100)
    text = models.TextField(_("具体内容"), max_length=2000)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    staff_note = models.TextField(_("工作人员备注"), blank=True)
    topic = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("博客话题草稿"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("金点子")
        verbose_name_plural = _("金点子")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class PartyMember(models.Model):
    """A party member on the roster (一卡一册) of one community: staff only, every look
    recorded."""

    community = community_field(_("党员所在社区的名册。"))

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("在册党员")
        IN_SERVICE = "in_service", _("在职党员")
        INCOMING = "incoming", _("外来党员")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("居民账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="party_member",
        help_text=_("没有账号的党员留空。"),
    )
    name = models.CharField(_("姓名"), max_length=30)
    kind = models.CharField(_("党员类别"), max_length=12, choices=Kind.choices)
    workplace = models.CharField(_("工作单位"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("住址"), max_length=100, blank=True)
    joined_on = models.DateField(_("入党日期"), null=True, blank=True)
    contact_note = models.TextField(_("联系卡备注"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员名册")
        ordering = ["kind", "name"]
        permissions = [("export_partymember", _("可导出党员名册"))]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == self.Kind.IN_SERVICE and not self.workplace.strip():
            raise ValidationError({"workplace": _("在职党员请填写工作单位。")})


class Pairing(models.Model):
    """A household paired with a party member (结对联系): visible only to that member and to
    staff holding ``view_pairing``; never public."""

    class Category(models.TextChoices):
        HARDSHIP = "hardship", _("困难户")
        PETITIONER = "petitioner", _("信访户")
        RETIRED_CADRE = "retired_cadre", _("老干部")
        NEWCOMER = "newcomer", _("外来人口")

    household = models.CharField(_("住户"), max_length=100, help_text=_("例如：3栋 2单元 王家。"))
    category = models.CharField(_("类别"), max_length=15, choices=Category.choices)
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("住户的居民账号"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="household_pairings",
        help_text=_("住户注销账号时，结对记录和走访记录一并删除。"),
    )
    member = models.ForeignKey(
        PartyMember,
        verbose_name=_("结对党员"),
        on_delete=models.CASCADE,
        related_name="pairings",
    )
    started_on = models.DateField(_("结对日期"), default=timezone.localdate)

    class Meta:
        verbose_name = _("结对联系")
        verbose_name_plural = _("结对联系")
        ordering = ["household"]

    def __str__(self):
        return f"{self.household}（{self.get_category_display()}）"


class Visit(models.Model):
    """A home visit (上门了解社情民意): what was learnt, what was promised and its follow-up."""

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("结对联系"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"))
    learnt = models.TextField(_("了解到的情况"), max_length=2000)
    promised = models.TextField(_("承诺办理的事"), max_length=2000, blank=True)
    follow_up = models.TextField(_("办理结果"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-pk"]

    def __str__(self):
        return f"{self.pairing.household} {self.visited_on:%Y-%m-%d}"
