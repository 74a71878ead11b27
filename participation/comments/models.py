"""Comments: a comments module on a page, residents' comments, reports and the moderation log."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from participation.core.models import Contribution, Module
from participation.core.pages import opinion_window

EDIT_WINDOW = timedelta(minutes=15)
REPORTS_TO_HIDE = 3


class CommentsModule(Module):
    """The comments block's settings: who may comment, how comments are moderated, and when
    commenting closes (``closes_at``, else the page's ``opinions_open_until``)."""

    module_kind = "comments"

    class Audience(models.TextChoices):
        SIGNED_IN = "signed_in", _("已登录的居民")
        VERIFIED = "verified", _("仅限已认证居民")

    class Moderation(models.TextChoices):
        PRE = "pre", _("先审后发（审核通过后显示）")
        POST = "post", _("先发后审（立即显示）")

    audience = models.CharField(
        _("谁可以评论"), max_length=20, choices=Audience.choices, default=Audience.VERIFIED
    )
    moderation = models.CharField(
        _("审核方式"), max_length=10, choices=Moderation.choices, default=Moderation.POST
    )

    class Meta:
        verbose_name = _("评论区")
        verbose_name_plural = _("评论区")

    def effective_closes_at(self):
        """The module's own closing time, else the end of the page's opinion window."""
        return self.closes_at or self._page_closes_at

    @cached_property
    def _page_closes_at(self):
        """Read from the page once per instance: a render asks several times."""
        window = opinion_window(self.page)
        return window.closes_at if window else None

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        closes_at = self.effective_closes_at()
        return self.has_opened(now) and (closes_at is None or now < closes_at)


class PublicCommentQuerySet(models.QuerySet):
    def on_pages(self, page_ids):
        return self.filter(module__page_id__in=page_ids)


class PublicCommentManager(models.Manager.from_queryset(PublicCommentQuerySet)):
    """The one rule for what the public sees: published comments on live pages.

    Pending, hidden, reported and deleted comments appear nowhere public; every public view
    (the page, counts, the feed) reads through ``Comment.public``.
    """

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(state=Comment.State.PUBLISHED, module__page__live=True)
            .filter(Q(parent__isnull=True) | Q(parent__state="published"))
        )


class Comment(Contribution):
    class State(models.TextChoices):
        PENDING = "pending", _("待审核")
        PUBLISHED = "published", _("已发布")
        HIDDEN = "hidden", _("已隐藏")
        REPORTED = "reported", _("被举报待处理")
        DELETED = "deleted", _("作者已删除")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("回复的评论"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    body = models.TextField(_("内容"), max_length=2000)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.PUBLISHED, db_index=True
    )
    is_official = models.BooleanField(_("官方回复"), default=False)
    edited_at = models.DateTimeField(_("修改时间"), null=True, blank=True)

    objects = models.Manager()
    public = PublicCommentManager()

    class Meta(Contribution.Meta):
        verbose_name = _("评论")
        verbose_name_plural = _("评论")
        permissions = [("moderate_comment", _("可审核评论并作官方回复"))]
        indexes = [models.Index(fields=["author", "created_at"], name="comment_author_time")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="comment_not_own_parent"
            )
        ]

    def __str__(self):
        return self.body[:40]

    @property
    def author_name(self) -> str:
        if self.author is None:
            return _("已注销居民")
        return self.author.public_name

    def can_still_edit(self, now=None) -> bool:
        return (now or timezone.now()) - self.created_at <= EDIT_WINDOW


class CommentReport(models.Model):
    """One resident's report of one comment; three from different residents hide it."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("评论"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("举报人"),
        on_delete=models.CASCADE,
        related_name="comment_reports",
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    resolved = models.BooleanField(_("已处理"), default=False)
    created_at = models.DateTimeField(_("举报时间"), default=timezone.now)

    class Meta:
        verbose_name = _("举报")
        verbose_name_plural = _("举报")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_resident")
        ]

    def __str__(self):
        return f"{self.comment_id}: {self.reason or '-'}"


class ModerationLog(models.Model):
    """Every moderation action, who took it and when."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("通过")
        HIDE = "hide", _("隐藏")
        RESTORE = "restore", _("恢复")
        OFFICIAL_REPLY = "official_reply", _("官方回复")
        AUTO_HIDE = "auto_hide", _("因举报自动隐藏")
        DISMISS = "dismiss", _("驳回举报")

    comment = models.ForeignKey(
        Comment, verbose_name=_("评论"), on_delete=models.CASCADE, related_name="moderation_log"
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")

    def __str__(self):
        return f"{self.get_action_display()} {self.comment_id}"
