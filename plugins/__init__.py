"""The plugin framework: a plugin is a Django app whose AppConfig subclasses PluginConfig."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from importlib.util import find_spec

from django.apps import AppConfig
from django.core.files import File
from django.db.models import QuerySet
from django.utils import timezone

PARTICIPATION = "participation"


@dataclass(frozen=True)
class ScheduledJob:
    """A management command that ``manage.py run_scheduler`` runs on a fixed rhythm.

    Either ``every`` (first run when the scheduler starts) or ``at``, a daily time in the
    site's time zone. However many schedulers run (one per node), each due occurrence runs on
    one of them only; the command must still be idempotent: a restart may run it again.
    """

    command: str
    args: tuple[str, ...] = ()
    every: timedelta | None = None
    at: time | None = None

    @property
    def key(self) -> str:
        """Names the job in the schedule the nodes share (plugins.models.ScheduledJobState)."""
        return " ".join((self.command, *self.args))

    def next_run(self, after: datetime) -> datetime:
        if self.every is not None:
            return after + self.every
        local = timezone.localtime(after)
        today = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        return today if today > local else today + timedelta(days=1)

    def first_run(self, now: datetime) -> datetime:
        return now if self.every is not None else self.next_run(now)


@dataclass(frozen=True)
class ParticipationRow:
    """One thing a resident did, or may do, in a plugin: a row of their 我的参与 page.

    ``state`` says where it stands ("已发布", "候补第 2 位", "已投票"); a ballot's row never says
    how the resident voted.
    """

    title: str
    url: str
    action: str
    state: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class PersonalFile:
    """A stored file of the resident's (an opinion's attachment) for their data download."""

    name: str
    """Path inside the download's zip, below the plugin's label: "opinions/12/plan.pdf"."""
    file: File


@dataclass(frozen=True)
class PersonalData:
    """What a plugin keeps about one resident: JSON-serialisable records and their files."""

    records: list | dict
    files: tuple[PersonalFile, ...] = ()


@dataclass(frozen=True)
class Electorate:
    """A group of people a plugin can name (党员和居民代表), for ballots and hearings to admit;
    its users come from the plugin's ``electorate_users(code)``."""

    code: str
    label: str


@dataclass(frozen=True)
class LinkableKind:
    """A kind of thing a plugin keeps that pages may link to (a post, a person serving in one).

    ``label`` names one of them in the admin's chooser (岗位); ``heading`` titles the links
    on a page (相关岗位). ``model`` ("app_label.Model"), when the ids are that model's keys,
    puts the links in Wagtail's reference index, so that the thing's own page can list the
    pages about it (``participation.core.subjects.pages_linking_to``).
    """

    code: str
    label: str
    heading: str
    model: str | None = None


@dataclass(frozen=True)
class Linkable:
    """One thing a page may link to, as anyone may see it: its id within its kind, the public
    label (a person only as they agreed to be shown) and its public URL."""

    id: int
    label: str
    url: str


@dataclass(frozen=True)
class NotificationKind:
    """A kind of notification a plugin sends (the notifications plugin lists them to residents).

    ``must_know`` messages (a registration, a promotion from the waiting list) reach residents
    who have only a phone by SMS, whatever their digest choice.
    """

    code: str
    label: str
    must_know: bool = False


@dataclass(frozen=True)
class BroadcastAudience:
    """A group of residents staff may send a notice (通知公告) to, offered by a plugin.

    Both are asked for one community (the id of the Wagtail site staff send from):
    ``options(community_id)`` lists what staff pick from (``[(value, label)]``: the community's
    hearings); ``recipient_ids(values, community_id)`` answers the ids of that community's
    residents for the picked values, best as a ``values_list("…", flat=True)`` queryset, so
    that no user object is loaded.
    """

    code: str
    label: str
    options: Callable[[int], list[tuple[str, str]]]
    recipient_ids: Callable[[list[str], int], Iterable[int]]


@dataclass(frozen=True)
class OpenDataSet:
    """A public dataset offered for download as CSV and JSON, one file per year (/open-data/).

    ``fields`` are ``(name, meaning)`` in column order: a stable schema, new fields only at the
    end. ``years(request)`` lists the years that have rows; ``rows(request, year)`` yields one
    dict per row, public data of the request's site only, read in chunks (it is streamed).
    """

    slug: str
    title: str
    fields: tuple[tuple[str, str], ...]
    years: Callable[..., list[int]]
    rows: Callable[..., Iterable[dict]]

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(name for name, _meaning in self.fields)


class PluginConfig(AppConfig):
    """Base AppConfig of every plugin; the class attributes are the plugin's metadata.

    Participation plugins (``category = PARTICIPATION``) also name the module ``kind`` they
    serve, optionally their Module subclass (``module_model``), the template that renders a
    module inside a page (default ``<label>/module.html``) and a URL module mounted under
    ``/participate/<label>/`` (default ``<name>.urls`` when the plugin has one).
    ``demo_loader`` is the dotted path of a callable that ``load_demo`` runs after the pages.

    The methods below are the hooks the site calls; each has a harmless default, and
    ``docs/plugins.md`` says which a plugin must override (a system check enforces it).
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
    page_contract: type | None = None
    """The contract (a mixin from ``participation.core.pages``, e.g. ``MeetingPage``) that a page
    must implement to carry this plugin's modules; None when any page will do. Forms refuse
    other pages and ``manage.py check --database default`` reports modules already on one."""
    scheduled_jobs: tuple[ScheduledJob, ...] = ()
    """Commands the scheduler process runs for this plugin (maintenance, reminders)."""
    notification_kinds: tuple[NotificationKind, ...] = ()
    """The notifications this plugin sends, for residents' channel choices."""
    admin_menu_names: tuple[str, ...] = ()
    """Names of the admin menu items the plugin's wagtail_hooks register; hidden where it is off."""
    electorates: tuple[Electorate, ...] = ()
    """Groups of people this plugin can name, read through ``participation.core.electorates``."""
    linkable_kinds: tuple[LinkableKind, ...] = ()
    """Kinds of things pages may link to (``linkable``), read through
    ``participation.core.subjects``."""

    def __init_subclass__(cls, **kwargs):
        # Django picks an app's config automatically only when apps.py holds exactly one
        # AppConfig subclass marked default; the imported base must not count as a second one.
        super().__init_subclass__(**kwargs)
        cls.default = cls.__dict__.get("default", True)

    def __init__(self, app_name, app_module):
        super().__init__(app_name, app_module)
        if self.is_participation and self.module_template is None:
            self.module_template = f"{self.label}/module.html"
        if self.is_participation and self.urls is None and find_spec(f"{self.name}.urls"):
            self.urls = f"{self.name}.urls"

    @property
    def is_participation(self) -> bool:
        return self.category == PARTICIPATION

    def provides(self, hook: str) -> bool:
        """Whether this plugin overrides the hook method ``hook`` (not the base's default)."""
        return getattr(type(self), hook) is not getattr(PluginConfig, hook)

    def get_module_model(self):
        """The plugin's Module subclass ("app_label.Model"), or None when it uses Module itself."""
        return self.apps.get_model(self.module_model) if self.module_model else None

    def module_context(self, request, module) -> dict:
        """Context for ``module_template`` when a page renders one of this plugin's modules."""
        return {}

    def module_of(self, record):
        """The participation module whose page shows ``record`` (one of this plugin's model
        instances, just saved or deleted), or None when no public page shows anything of it.

        The page cache purges that module's page and the listings that count its contributions
        (the page's parent index and the home page) after the transaction commits. The default
        follows the record's first foreign key to a Module (a Contribution's ``module``, an
        ``OpinionGroup``'s ``hearing``); records without one (reports, moderation logs) show
        nowhere. Override it when a record shows nothing while its module runs (a vote in an
        open ballot) or reaches its module by a longer path.
        """
        from participation.core.models import Module  # plugins load before any model can

        for field in type(record)._meta.concrete_fields:
            if field.many_to_one and issubclass(field.related_model, Module):
                module = field.get_cached_value(record, default=None)
                if module is None and (module_id := field.value_from_object(record)):
                    module = Module.objects.filter(pk=module_id).only("page").first()
                return module
        return None

    def count_contributions(self, page_ids) -> dict[int, int]:
        """Publicly visible contributions per page id, in a fixed number of queries."""
        return {}

    def my_participation(self, user) -> list[ParticipationRow]:
        """What ``user`` did here (and may still do), newest first, for their 我的参与 page."""
        return []

    def personal_data(self, user) -> PersonalData | None:
        """Everything this plugin keeps about ``user``, for their data download."""
        return None

    def erase_personal_data(self, user) -> None:
        """Forget ``user`` before their account is deleted (same transaction).

        Remove or anonymise what identifies them; keep what others rely on (a ballot's tally,
        a thread's replies) without the link to the person.
        """

    def prepare_backup(self) -> None:
        """Called by ``manage.py backup`` just before it copies the database.

        Make the stored data fit to be copied: anything the live database hides only after
        maintenance (a ballot box's casting order) would otherwise be kept in the backup.
        """

    def receive_notification(self, notification) -> None:
        """Take in one event from ``participation.core.notifications.notify``.

        Called in the emitter's transaction, for each plugin that overrides it and is switched
        on for the event's site; ``notification`` is a ``participation.core.notifications
        .Notification``. Store what must be delivered and queue the delivery: never send here,
        the caller may be a request. The notifications plugin provides it; others leave it.
        """

    def receive_follow(self, user, *, page_id=None, module_id=None, following=True) -> None:
        """Take in "``user`` follows (or stops following) a page or a module" from
        ``participation.core.notifications.follow``, in the caller's transaction, for each
        plugin that overrides it and is switched on for the site. Only a delivering plugin
        (notifications) provides it; it later resolves ``notify(followers_of=…)``."""

    def follow_control(self, request, page) -> str:
        """The follow/unfollow button of ``page`` for the signed-in ``request.user`` (HTML),
        rendered by the core's ``{% follow_button page %}``; "" when there is none. Never
        called for anonymous visitors (their pages are cached for everyone)."""
        return ""

    def electorate_users(self, code: str) -> QuerySet | None:
        """The users of this plugin's electorate ``code`` (one of ``electorates``), as a
        queryset of the user model; None for a code it does not declare."""
        return None

    def linkable(self, kind: str, ids=None, communities=None) -> list[Linkable]:
        """The things of ``kind`` (a code of ``linkable_kinds``) that pages may link to now,
        of the communities (Wagtail site ids) in ``communities`` (None: of every community).

        Only what the plugin shows anyone: a removed or unpublished thing, a person who left
        or never agreed to be shown, is simply absent. ``ids=None`` lists them all (the admin's
        chooser); otherwise only those among ``ids`` (a page being rendered), in a fixed
        number of queries whatever their number. Pages store only the ids and ask again each
        time they render.
        """
        return []

    def notification_email(self, code: str, object_id: int | None, recipient):
        """The e-mail (an ``EmailMessage`` without recipients) for one of this plugin's kinds.

        ``code`` is the kind's code as declared in ``notification_kinds``, ``object_id`` the
        primary key of what the event is about (``notify(obj=…)``), read afresh at delivery.
        None lets the notifications plugin write its plain message (the title and a link).
        """

    def api_views(self) -> list[tuple[str, object]]:
        """Read-only API views this plugin adds, as ``(route, view)``: served at
        ``/api/v2/<route>/``; build them on ``participation.core.api.PluginListView``."""
        return []

    def open_data_sets(self) -> list[OpenDataSet]:
        """Public datasets this plugin offers on the open-data page (certified results)."""
        return []

    def broadcast_audiences(self) -> list[BroadcastAudience]:
        """Groups of residents this plugin knows (a hearing's registrants), for staff's
        notices; the notifications plugin lists them as ``<label>.<code>``. A future role
        (party members) adds its group here, without the notifications plugin changing."""
        return []
