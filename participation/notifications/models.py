"""Inbox items, their deliveries per channel, residents' channel choices and follows."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")
    NONE = "none", _("不另行通知（仅站内消息）")


class Rhythm(models.TextChoices):
    IMMEDIATELY = "immediately", _("立即")
    DAILY = "daily", _("每日汇总")
    WEEKLY = "weekly", _("每周汇总")


class ItemQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Item(models.Model):
    """One notification in one resident's inbox (我的消息); every event lands here first."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.CASCADE,
        related_name="notification_items",
    )
    kind = models.CharField(_("类型"), max_length=100)
    title = models.CharField(_("标题"), max_length=255)
    url = models.CharField(_("链接"), max_length=500)
    object_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    urgent = models.BooleanField(_("紧急"), default=False)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_item_unread")]

    def __str__(self):
        return self.title


class Delivery(models.Model):
    """Sending one inbox item through one channel: at most one row per (item, channel).

    Workers claim due rows (``participation.notifications.delivery``); ``claimed_until`` is
    the lease after which a row whose worker died is claimed again, ``claim`` the token that
    lets only the current holder record the outcome.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    digest = models.CharField(
        _("汇总"),
        max_length=12,
        choices=Rhythm.choices,
        default=Rhythm.IMMEDIATELY,
        help_text=_("每日或每周汇总的消息由汇总任务发送，不单独发送。"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    not_before = models.DateTimeField(_("最早发送时间"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    error = models.TextField(_("失败原因"), blank=True)

    class Meta:
        verbose_name = _("投递")
        verbose_name_plural = _("投递")
        constraints = [
            models.UniqueConstraint(fields=["item", "channel"], name="notif_once_per_channel")
        ]
        indexes = [models.Index(fields=["status", "not_before"], name="notif_delivery_due")]

    def __str__(self):
        return f"{self.item} · {self.get_channel_display()}"


class Preference(models.Model):
    """A resident's choice for one kind: which channel, how often. No row: the defaults."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices"
    )
    kind = models.CharField(_("类型"), max_length=100)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    rhythm = models.CharField(
        _("频率"), max_length=12, choices=Rhythm.choices, default=Rhythm.IMMEDIATELY
    )

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_one_choice_per_kind")
        ]

    def __str__(self):
        return f"{self.kind}: {self.get_channel_display()}"


class Follow(models.Model):
    """A resident follows a page (a section index or one topic, hearing notice…) or a module."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    module = models.ForeignKey(
        "participation_core.Module",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("关注时间"), default=timezone.now)

    class Meta:
        verbose_name = _("关注")
        verbose_name_plural = _("关注")
        constraints = [
            models.CheckConstraint(
                condition=Q(page__isnull=False, module__isnull=True)
                | Q(page__isnull=True, module__isnull=False),
                name="notif_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "page"], condition=Q(page__isnull=False), name="notif_follow_page"
            ),
            models.UniqueConstraint(
                fields=["user", "module"],
                condition=Q(module__isnull=False),
                name="notif_follow_module",
            ),
        ]

    def __str__(self):
        return str(self.page or self.module)
