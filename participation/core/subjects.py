"""Links from pages to what plugins keep (a showcase's posts and people): the core contract.

A plugin declares ``linkable_kinds`` and answers ``linkable(kind, ids)``; a page stores only
``SubjectRef``s (plugin label, kind, id) through ``participation.core.blocks.SubjectBlock`` and
resolves them with ``linked_subjects`` each time it renders, so that what a plugin no longer
shows (a post removed, a person who left or withdrew their consent) or a plugin switched off
for the site leaves nothing on the page, and no label is ever stored.
"""

from dataclasses import dataclass

from allauth.core import context
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex

from participation.residents.communities import community_of_request, managed_community_ids
from plugins import Linkable, LinkableKind
from plugins.registry import get_plugin, installed_plugins
from plugins.switches import is_enabled


@dataclass(frozen=True)
class SubjectRef:
    """What a page stores of a link: the plugin's label, the kind's code and the id."""

    plugin: str
    kind: str
    id: int

    @property
    def key(self) -> str:
        """The value of the admin chooser's option: ``plugin:kind:id``."""
        return f"{self.plugin}:{self.kind}:{self.id}"

    @classmethod
    def from_key(cls, key) -> "SubjectRef | None":
        plugin, _sep, rest = str(key or "").partition(":")
        kind, _sep, subject_id = rest.partition(":")
        return cls.build(plugin, kind, subject_id)

    @classmethod
    def from_data(cls, data) -> "SubjectRef | None":
        """From the stored JSON; None for anything that is not a well-formed reference."""
        if not isinstance(data, dict):
            return None
        return cls.build(data.get("plugin"), data.get("kind"), data.get("id"))

    @classmethod
    def build(cls, plugin, kind, subject_id) -> "SubjectRef | None":
        if not (isinstance(plugin, str) and isinstance(kind, str) and plugin and kind):
            return None
        try:
            return cls(plugin, kind, int(subject_id))
        except (TypeError, ValueError):
            return None

    def as_data(self) -> dict:
        return {"plugin": self.plugin, "kind": self.kind, "id": self.id}


@dataclass(frozen=True)
class LinkedGroup:
    """The links of one kind on a page, under the kind's heading (相关岗位)."""

    heading: str
    subjects: list[Linkable]


def offered_subjects(communities=None) -> list[tuple[SubjectRef, LinkableKind, Linkable]]:
    """Everything the installed plugins offer pages to link to now, kind by kind, of the
    communities in ``communities`` (Wagtail site ids; None: every community)."""
    return [
        (SubjectRef(plugin.label, kind.code, subject.id), kind, subject)
        for plugin in installed_plugins()
        for kind in plugin.linkable_kinds
        for subject in plugin.linkable(kind.code, communities=communities)
    ]


def subject_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """``offered_subjects`` for the admin's chooser, grouped by plugin and kind: those of the
    communities the editor works on (the request in progress; all of them outside one)."""
    request = context.request
    user = getattr(request, "user", None)
    communities = managed_community_ids(user) if user and user.is_authenticated else None
    groups: dict[str, list[tuple[str, str]]] = {}
    for ref, kind, subject in offered_subjects(communities):
        plugin = get_plugin(ref.plugin)
        groups.setdefault(f"{plugin.verbose_name} · {kind.label}", []).append(
            (ref.key, subject.label)
        )
    return list(groups.items())


def linkable_model(ref: SubjectRef):
    """The model whose keys ``ref``'s kind names, when its plugin declares one; else None."""
    plugin = get_plugin(ref.plugin)
    kind = declared_kind(plugin, ref.kind) if plugin else None
    return plugin.apps.get_model(kind.model) if kind and kind.model else None


def declared_kind(plugin, code: str) -> LinkableKind | None:
    return next((kind for kind in plugin.linkable_kinds if kind.code == code), None)


def pages_linking_to(instance):
    """Live pages that anyone may view whose stored links name ``instance`` (found in Wagtail's
    reference index, for kinds that declare their ``model``), in tree order."""
    page_ids = (
        ReferenceIndex.get_references_to(instance)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    ids = {int(page_id) for page_id in page_ids}
    return Page.objects.live().public().filter(pk__in=ids).order_by("path")


def linked_subjects(refs, request=None) -> list[LinkedGroup]:
    """The things ``refs`` name that may still be shown, one group per kind (in the order the
    kinds first appear), each in the order the refs name them, without repeats.

    Left out: references whose plugin is not installed or is switched off for the request's
    site, whose kind the plugin does not declare, or whose thing it no longer offers or keeps
    in another community than the request's. One call
    of ``linkable`` per kind, whatever the number of references.
    """
    community = community_of_request(request) if request is not None else None
    communities = [community.pk] if community is not None else None
    wanted: dict[tuple[str, str], list[int]] = {}
    for ref in refs:
        if ref is not None and ref.id not in wanted.setdefault((ref.plugin, ref.kind), []):
            wanted[(ref.plugin, ref.kind)].append(ref.id)
    groups = []
    for (label, code), ids in wanted.items():
        plugin = get_plugin(label)
        kind = declared_kind(plugin, code) if plugin else None
        if kind is None or not is_enabled(label, request=request):
            continue
        found = {
            subject.id: subject for subject in plugin.linkable(code, ids, communities=communities)
        }
        subjects = [found[subject_id] for subject_id in ids if subject_id in found]
        if subjects:
            groups.append(LinkedGroup(str(kind.heading), subjects))
    return groups
