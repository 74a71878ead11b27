"""Per-site switch for plugins."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from plugins.registry import installed_plugins


class PluginSettingsForm(WagtailAdminModelForm):
    """Shows the installed plugins as checkboxes; stores the ones left unticked.

    Storing the switched-off plugins (not the switched-on ones) means a newly installed
    plugin is on until an administrator turns it off.
    """

    enabled_plugins = forms.MultipleChoiceField(
        label=_("启用的插件"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("未勾选的插件在本站点不显示，其网址返回 404。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = [(config.label, config.verbose_name) for config in installed_plugins()]
        self.fields["enabled_plugins"].choices = labels
        disabled = set(self.instance.disabled_plugins or [])
        self.initial["enabled_plugins"] = [
            label for label, _name in labels if label not in disabled
        ]

    def save(self, commit=True):
        enabled = set(self.cleaned_data["enabled_plugins"])
        choices = [label for label, _name in self.fields["enabled_plugins"].choices]
        self.instance.disabled_plugins = [label for label in choices if label not in enabled]
        return super().save(commit=commit)


@register_setting(icon="cogs")
class PluginSettings(BaseSiteSetting):
    """Which plugins are switched off on a Wagtail site."""

    disabled_plugins = models.JSONField(default=list, blank=True, editable=False)

    base_form_class = PluginSettingsForm
    panels = [FieldPanel("enabled_plugins")]

    class Meta:
        verbose_name = _("插件开关")


class ScheduledJobState(models.Model):
    """When a scheduled job is next due, shared by the schedulers of every node.

    A scheduler runs a due job only after moving ``next_due`` past the present in one
    conditional UPDATE (plugins.scheduler.claim): of two nodes that find the job due at once,
    exactly one succeeds, so each due occurrence runs once.
    """

    job = models.CharField(_("任务"), max_length=200, unique=True)
    next_due = models.DateTimeField(_("下次运行"))
    last_run_at = models.DateTimeField(_("上次运行"), null=True, blank=True)
    last_run_by = models.CharField(_("上次运行的进程"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")

    def __str__(self):
        return self.job
