"""Inbox items, their deliveries per channel, residents' channel choices and follows."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.residents.models import default_community_id


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
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_item_unread"),
            models.Index(fields=["kind", "object_id"], name="notif_item_about"),
        ]

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
        BOUNCED = "bounced", _("被退回")

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
        permissions = [("retry_delivery", _("可重新发送失败的通知"))]
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


class Broadcast(models.Model):
    """A notice staff sent to an audience (通知公告): who, when, to whom, and how many.

    Its inbox items carry the kind ``participation_notifications.broadcast`` and the
    broadcast's id as ``object_id``; their deliveries give the status per channel.
    """

    community = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("社区"),
        on_delete=models.PROTECT,
        related_name="+",
        default=default_community_id,
        editable=False,
        help_text=_("发送所在的社区：对象只取这个社区的居民。"),
    )
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"), max_length=1000)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    urgent = models.BooleanField(_("紧急"), default=False)
    audience = models.JSONField(_("对象"), default=dict, editable=False)
    """``{"code": "buildings", "values": ["3"]}``: what staff chose, as the form resolves it."""
    audience_label = models.CharField(_("发送对象"), max_length=500)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发送人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("收件人数"))
    counts = models.JSONField(_("各渠道人数"), default=dict)
    """Recipients per channel at sending: ``{"email": 10, "sms": 3, "none": 2}``."""
    sms_parts = models.PositiveSmallIntegerField(_("每人短信条数"), default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        permissions = [("send_broadcast", _("可向居民群发通知公告"))]

    def __str__(self):
        return self.title

    @property
    def sms_messages(self) -> int:
        return self.counts.get(Channel.SMS, 0) * self.sms_parts


class SmsOptOut(models.Model):
    """A resident replied TD (退订) to an SMS: no SMS any more, must-know ones included;
    their messages still reach the inbox. Choosing SMS again in their settings ends it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sms_opt_out"
    )
    created_at = models.DateTimeField(_("退订时间"), default=timezone.now)

    class Meta:
        verbose_name = _("短信退订")
        verbose_name_plural = _("短信退订")

    def __str__(self):
        return str(self.created_at)
