"""Residents: the custom user model, buildings and units, and representatives."""

import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from wagtail.models import Site

SORT_KEY_LENGTH = 100


def natural_sort_key(text: str) -> str:
    """``text`` with every run of digits zero-padded, so that 2栋 sorts before 10栋 as text.

    Stored in a column, the key lets the database sort naturally in every listing, chooser and
    export without the rows being read into Python.
    """
    return re.sub(r"\d+", lambda digits: digits.group().zfill(12), text)[:SORT_KEY_LENGTH]


def default_community_id() -> int | None:
    """The default Wagtail site: the community of an installation that runs only one."""
    return Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()


def community_field(help_text):
    """The community (a Wagtail site) a record belongs to: its pages and residents only."""
    return models.ForeignKey(
        Site,
        verbose_name=_("社区"),
        on_delete=models.PROTECT,
        related_name="+",
        default=default_community_id,
        help_text=help_text,
    )


class Building(models.Model):
    """A residential building (楼栋) of one community (a Wagtail site), optionally grouped into a
    block (片区)."""

    community = models.ForeignKey(
        Site,
        verbose_name=_("社区"),
        on_delete=models.PROTECT,
        related_name="buildings",
        default=default_community_id,
    )
    number = models.CharField(_("楼号"), max_length=20)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    block = models.CharField(_("片区"), max_length=50, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    sort_key = models.CharField(
        max_length=SORT_KEY_LENGTH, default="", editable=False, db_index=True
    )

    class Meta:
        ordering = ["sort_key", "number"]
        verbose_name = _("楼栋")
        verbose_name_plural = _("楼栋")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "number"], name="unique_building_number_per_community"
            )
        ]

    def __str__(self):
        return self.name or _("%(number)s栋") % {"number": self.number}

    def save(self, *args, **kwargs):
        self.sort_key = natural_sort_key(self.number)
        super().save(*args, **kwargs)


class Unit(models.Model):
    """A household unit (单元/户) in a building; the verified address of a resident."""

    building = models.ForeignKey(
        Building, verbose_name=_("楼栋"), on_delete=models.PROTECT, related_name="units"
    )
    number = models.CharField(_("户号"), max_length=30)
    sort_key = models.CharField(
        max_length=SORT_KEY_LENGTH, default="", editable=False, db_index=True
    )

    class Meta:
        ordering = ["building__sort_key", "sort_key", "number"]
        verbose_name = _("住户单元")
        verbose_name_plural = _("住户单元")
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="unique_unit_per_building")
        ]

    def __str__(self):
        return f"{self.building} {self.number}"

    def save(self, *args, **kwargs):
        self.sort_key = natural_sort_key(self.number)
        super().save(*args, **kwargs)


class User(AbstractUser):
    """An account of the site: staff, volunteers and residents alike.

    A resident starts unverified; verification ties the account to a unit.
    """

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("未认证")
        VERIFIED = "verified", _("已认证")
        REVOKED = "revoked", _("认证已撤销")

    display_name = models.CharField(_("显示名称"), max_length=30, blank=True)
    phone = PhoneNumberField(_("手机号码"), blank=True, null=True, unique=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("住户单元"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
    )
    community = models.ForeignKey(
        Site,
        verbose_name=_("社区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
        help_text=_("居民注册所在的社区；认证后即其住户单元所在的社区。工作人员可以为空。"),
    )
    verification = models.CharField(
        _("认证状态"), max_length=20, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    verified_at = models.DateTimeField(_("认证时间"), null=True, blank=True)
    session_generation = models.PositiveIntegerField(
        _("会话代数"),
        default=0,
        editable=False,
        help_text=_("每次“退出所有设备”加一，此前的所有会话随即失效。"),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        permissions = [
            ("view_personal_data", _("可查看居民的手机号、住户单元和真实姓名")),
            ("verify_resident", _("可认证或撤销居民认证")),
            ("view_all_communities", _("可查看所有社区的后台记录（只读）")),
        ]

    def __str__(self):
        return self.display_name or self.username

    def get_session_auth_hash(self):
        """Every session stores this hash and ends when it no longer matches: on a password
        change (Django's rule) and when the account signs out everywhere (the generation)."""
        return self._session_hash(secret=None)

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)

    def _session_hash(self, secret):
        material = self.password
        if self.session_generation:  # generation 0 keeps Django's own hash: no one signed out
            material = f"{material}#{self.session_generation}"
        salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(salt, material, secret=secret, algorithm="sha256").hexdigest()

    def end_all_sessions(self) -> None:
        """Sign the account out on every device, whatever the session backend."""
        User.objects.filter(pk=self.pk).update(session_generation=F("session_generation") + 1)
        self.refresh_from_db(fields=["session_generation"])

    @property
    def has_admin_access(self) -> bool:
        """May enter the Wagtail admin: such accounts must sign in with a second factor."""
        return self.is_active and (
            self.is_staff or self.is_superuser or self.has_perm("wagtailadmin.access_admin")
        )

    @property
    def is_verified(self) -> bool:
        return self.verification == self.Verification.VERIFIED and self.unit_id is not None

    def is_verified_resident_of(self, community_id: int | None) -> bool:
        """Verified, and a resident of that community (a Wagtail site's id): what every plugin
        asks before a resident acts on a page of a community."""
        return self.is_verified and community_id is not None and self.community_id == community_id

    @property
    def real_name(self) -> str:
        """The legal name staff record when they verify someone in person (family name first)."""
        return f"{self.last_name}{self.first_name}".strip()

    real_name.fget.short_description = _("真实姓名")  # the admin's column title

    @property
    def public_name(self) -> str:
        """How a resident appears in public: the building, then the display name masked (3栋 王**).

        The building shows only once it is verified; the unit, phone and real name never do.
        """
        name = self.display_name or _("居民")
        masked = f"{name[0]}**" if not self.is_staff else name
        if self.is_verified:
            unit = self._unit_with_building()
            if unit is not None:
                return f"{unit.building} {masked}"
        return masked

    def _unit_with_building(self):
        """The unit and its building in one query (the header shows them on every page)."""
        if not User.unit.is_cached(self):
            self.unit = Unit.objects.select_related("building").filter(pk=self.unit_id).first()
        return self.unit


class RepresentativeQuerySet(models.QuerySet):
    def current(self, on=None):
        day = on or timezone.localdate()
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def of_community(self, community_id):
        """Terms for a constituency of that community: a building of it, or a block (片区, a
        name only) held by one of its residents."""
        return self.filter(
            Q(building__community_id=community_id)
            | Q(building__isnull=True, user__community_id=community_id)
        )


class Representative(models.Model):
    """A residents' representative elected for a building or a block, for a term."""

    user = models.ForeignKey(
        User, verbose_name=_("代表"), on_delete=models.CASCADE, related_name="representative_terms"
    )
    building = models.ForeignKey(
        Building, verbose_name=_("楼栋"), null=True, blank=True, on_delete=models.PROTECT
    )
    block = models.CharField(_("片区"), max_length=50, blank=True)
    starts_on = models.DateField(_("任期开始"))
    ends_on = models.DateField(_("任期结束"))

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("居民代表")
        verbose_name_plural = _("居民代表")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="representative_term_order"
            ),
            models.CheckConstraint(
                condition=Q(building__isnull=False) | ~Q(block=""),
                name="representative_has_constituency",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.building or self.block})"


class HouseholdCodeBatch(models.Model):
    """Household codes generated together for one building, to be printed and handed out."""

    building = models.ForeignKey(
        Building, verbose_name=_("楼栋"), on_delete=models.PROTECT, related_name="code_batches"
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("生成人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("失效时间"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("入户认证码批次")
        verbose_name_plural = _("入户认证码批次")

    def __str__(self):
        return f"{self.building} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class HouseholdCode(models.Model):
    """A one-time code that verifies one account as a resident of one unit.

    Only a keyed hash of the code is stored (see services.hash_household_code): it is
    deterministic so that a code entered by a resident is found by an index lookup.
    """

    batch = models.ForeignKey(
        HouseholdCodeBatch, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="codes"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("住户单元"), on_delete=models.CASCADE, related_name="household_codes"
    )
    code_hash = models.CharField(_("认证码摘要"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("失效时间"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    used_by = models.ForeignKey(
        User,
        verbose_name=_("使用人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["unit__number"]
        verbose_name = _("入户认证码")
        verbose_name_plural = _("入户认证码")

    def __str__(self):
        return str(self.unit)


class VerificationEvent(models.Model):
    """The log of every verification and revocation: who, by whom, how and when."""

    class Action(models.TextChoices):
        VERIFIED = "verified", _("认证")
        REVOKED = "revoked", _("撤销认证")

    class Method(models.TextChoices):
        STAFF = "staff", _("工作人员审核")
        HOUSEHOLD_CODE = "household_code", _("入户认证码")

    resident = models.ForeignKey(
        User,
        verbose_name=_("居民"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="verification_events",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("住户单元"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    method = models.CharField(_("方式"), max_length=20, choices=Method.choices)
    actor = models.ForeignKey(
        User, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("认证记录")
        verbose_name_plural = _("认证记录")

    def __str__(self):
        return f"{self.get_action_display()} {self.resident or '-'}"


class SecondFactorReset(models.Model):
    """A superuser removed another account's second factor (a lost phone or key): who, whom, when.

    The names are kept as text too, so the record outlives either account.
    """

    account = models.ForeignKey(
        User, verbose_name=_("账号"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    account_username = models.CharField(_("账号用户名"), max_length=150)
    reset_by = models.ForeignKey(
        User, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reset_by_username = models.CharField(_("操作人用户名"), max_length=150)
    reset_at = models.DateTimeField(_("重置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("两步验证重置记录")
        verbose_name_plural = _("两步验证重置记录")
        ordering = ["-reset_at"]

    def __str__(self):
        return (
            f"{self.reset_by_username} → {self.account_username} ({self.reset_at:%Y-%m-%d %H:%M})"
        )
