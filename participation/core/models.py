"""The participation contract: Module (the hinge between a page and a plugin) and contributions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import dateformat, timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField

from participation.core.visibility import visible_modules
from participation.residents.communities import on_pages_of_community
from plugins.registry import kind_choices, plugin_for_kind

ACCESS_ACTIONS = [("view", _("查看")), ("search", _("搜索")), ("export", _("导出"))]


class ModuleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The modules whose page ``user`` may view (participation.core.visibility)."""
        return visible_modules(user, self)

    def of_community(self, site):
        """The modules on pages of one community (a Wagtail site's tree); none without a site."""
        return on_pages_of_community(self, site.pk) if site is not None else self.none()


class Module(models.Model):
    """One participation module on one page: comments on a topic, a hearing, a ballot.

    A plugin that needs more than the common fields subclasses Module (multi-table
    inheritance, a real one-to-one key) and names the subclass in its PluginConfig's
    ``module_model``; ``settings`` holds small per-module options of plugins that don't.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("页面"),
        on_delete=models.CASCADE,
        related_name="participation_modules",
    )
    kind = models.CharField(_("类型"), max_length=50, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    opens_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closes_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    settings = models.JSONField(_("设置"), default=dict, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # Bumped in the transaction that changes what the module shows (an edit of the module; a
    # new, edited, hidden or deleted contribution, by its plugin), so that fragments cached
    # under it show the change at once.
    version = models.PositiveIntegerField(_("内容版本"), default=0, editable=False)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("参与模块")
        verbose_name_plural = _("参与模块")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="module_window_order",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        kind = getattr(type(self), "module_kind", None)
        if kind:
            self.kind = kind
        editing = not (self._state.adding or args or kwargs.get("force_insert"))
        if editing and kwargs.get("update_fields") is None:
            # Write what was edited, not the version read with it: a contribution may have
            # bumped it meanwhile, and going back would name fragments cached before.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "version"
            ] + [  # modelcluster writes these in its own save; Django's refuses plain ones
                field.name
                for field in self._meta.many_to_many
                if isinstance(field, ParentalManyToManyField)
            ]
        super().save(*args, **kwargs)
        if editing:
            Module.bump_version(self.pk)  # its title or window shows in cached fragments too

    def clean(self):
        super().clean()
        if not getattr(type(self), "module_kind", None) and self.kind not in dict(kind_choices()):
            raise ValidationError({"kind": _("没有安装这种类型的参与插件。")})
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("截止时间必须晚于开始时间。")})

    @classmethod
    def bump_version(cls, *module_ids) -> None:
        """Mark what modules ``module_ids`` show as changed, inside the change's transaction."""
        Module.objects.filter(pk__in=module_ids).update(version=F("version") + 1)

    @property
    def plugin(self):
        return plugin_for_kind(self.kind)

    @property
    def specific(self) -> "Module":
        """This module as the plugin's own subclass, when the plugin has one."""
        plugin = self.plugin
        model = plugin.get_module_model() if plugin else None
        if model is None or isinstance(self, model):
            return self
        return model.objects.get(pk=self.pk)

    def has_opened(self, now=None) -> bool:
        return self.opens_at is None or self.opens_at <= (now or timezone.now())

    def has_closed(self, now=None) -> bool:
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.has_opened(now) and not self.has_closed(now)

    def kind_label(self) -> str:
        """The plugin's name for this kind ("评论"), not the stored code ("comments")."""
        plugin = self.plugin
        return str(plugin.verbose_name) if plugin else self.kind

    kind_label.short_description = _("类型")

    def label(self) -> str:
        """Page, kind and window, what tells modules apart in choosers and admin lists:
        "《加装电梯》· 评论 · 11月1日–11月30日"."""
        parts = [
            gettext("《%(page)s》") % {"page": self.page.title} if self.page_id else self.title,
            self.kind_label(),
        ]
        window = _window_text(self.opens_at, self.closes_at)
        return " · ".join(parts + ([window] if window else []))


def _day(moment) -> str:
    return dateformat.format(timezone.localtime(moment), pgettext("month and day", "n月j日"))


def _window_text(opens_at, closes_at) -> str:
    if opens_at and closes_at:
        return gettext("%(start)s–%(end)s") % {"start": _day(opens_at), "end": _day(closes_at)}
    if closes_at:
        return gettext("至%(end)s") % {"end": _day(closes_at)}
    if opens_at:
        return gettext("%(start)s起") % {"start": _day(opens_at)}
    return ""


class Contribution(models.Model):
    """What a resident hands in to a module: a comment, an opinion, a registration.

    The author is kept nullable so that deleting an account can keep the contribution
    while forgetting the person.
    """

    module = models.ForeignKey(
        Module,
        verbose_name=_("参与模块"),
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_set",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(app_label)s_%(class)s_set",
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class AccessLogEntry(models.Model):
    """One look at residents' personal data by a staff member: append-only.

    Written only through ``participation.core.access_log.record_access``. A database trigger
    (migration 0002) refuses every UPDATE, and every DELETE of an entry before its
    ``keep_until`` (its time plus the retention period when it was written), so neither the admin
    nor code nor the ORM can change or remove a recent entry; only the retention job removes
    expired ones. The staff member is kept by id and name as text, so that deleting a staff
    account leaves the log whole; which residents were concerned lives in ``AccessLogSubject``.
    """

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    keep_until = models.DateTimeField(_("保留至"), db_index=True)
    actor_id = models.BigIntegerField(_("工作人员编号"), null=True, db_index=True)
    actor_name = models.CharField(_("工作人员"), max_length=150)
    actor_roles = models.CharField(_("角色"), max_length=300, blank=True)
    action = models.CharField(_("操作"), max_length=10, choices=ACCESS_ACTIONS)
    what = models.CharField(_("查看内容"), max_length=100, db_index=True)
    terms = models.CharField(_("筛选和搜索条件"), max_length=500, blank=True)
    records = models.PositiveIntegerField(_("记录数"))

    class Meta:
        verbose_name = _("个人信息访问记录")
        verbose_name_plural = _("个人信息访问记录")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.actor_name} · {self.what}"


class AccessLogSubject(models.Model):
    """A resident whose data an ``AccessLogEntry`` showed (so they can be told how often).

    Kept by id without a foreign-key constraint: when the account is deleted its rows here are
    deleted too, leaving the entry's count. The trigger allows that only for a resident named
    in ``AccessLogErasure`` (or with the entry, once expired).
    """

    entry = models.ForeignKey(AccessLogEntry, on_delete=models.CASCADE, related_name="subjects")
    resident_id = models.BigIntegerField(db_index=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["entry", "resident_id"], name="unique_access_subject")
        ]

    def __str__(self):
        return f"{self.entry_id}: {self.resident_id}"


class AccessLogErasure(models.Model):
    """A deleted account whose links in the access log were removed: only the bare id, which
    the database guard needs to let those links go (it cannot ask the user table, which
    SQLite rebuilds on some migrations, dropping or breaking triggers that name it)."""

    resident_id = models.BigIntegerField(unique=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return str(self.resident_id)
