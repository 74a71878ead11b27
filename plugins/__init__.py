"""The plugin framework: a plugin is a Django app whose AppConfig subclasses PluginConfig."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.apps import AppConfig
from django.utils import timezone

PARTICIPATION = "participation"


@dataclass(frozen=True)
class ScheduledJob:
    """A management command that ``manage.py run_scheduler`` runs on a fixed rhythm.

    Either ``every`` (first run when the scheduler starts) or ``at``, a daily time in the
    site's time zone. The command must be idempotent: a restart may run it again.
    """

    command: str
    args: tuple[str, ...] = ()
    every: timedelta | None = None
    at: time | None = None

    def next_run(self, after: datetime) -> datetime:
        if self.every is not None:
            return after + self.every
        local = timezone.localtime(after)
        today = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        return today if today > local else today + timedelta(days=1)

    def first_run(self, now: datetime) -> datetime:
        return now if self.every is not None else self.next_run(now)


class PluginConfig(AppConfig):
    """Base AppConfig of every plugin; the class attributes are the plugin's metadata.

    Participation plugins (``category = PARTICIPATION``) also name the module ``kind`` they
    serve, optionally their Module subclass (``module_model``), the template that renders a
    module inside a page, and a URL module mounted under ``/participate/<label>/``.
    ``demo_loader`` is the dotted path of a callable that ``load_demo`` runs after the pages.
    """

    default = False  # never the config of an app itself: see __init_subclass__
    version: str = "0.1.0"
    category: str = "general"
    description: str = ""
    kind: str | None = None
    module_model: str | None = None
    module_template: str | None = None
    urls: str | None = None
    demo_loader: str | None = None
    scheduled_jobs: tuple[ScheduledJob, ...] = ()
    """Commands the scheduler process runs for this plugin (maintenance, reminders)."""

    def __init_subclass__(cls, **kwargs):
        # Django picks an app's config automatically only when apps.py holds exactly one
        # AppConfig subclass marked default; the imported base must not count as a second one.
        super().__init_subclass__(**kwargs)
        cls.default = cls.__dict__.get("default", True)

    @property
    def is_participation(self) -> bool:
        return self.category == PARTICIPATION

    def get_module_model(self):
        """The plugin's Module subclass ("app_label.Model"), or None when it uses Module itself."""
        return self.apps.get_model(self.module_model) if self.module_model else None

    def module_context(self, request, module) -> dict:
        """Context for ``module_template`` when a page renders one of this plugin's modules."""
        return {}

    def count_contributions(self, page_ids) -> dict[int, int]:
        """Publicly visible contributions per page id, in a fixed number of queries."""
        return {}
