"""The contract by which pages link to what plugins keep: stored references, resolved at render."""

import pytest
from wagtail.models import Page

from participation.core.blocks import SubjectBlock
from participation.core.models import Module
from participation.core.subjects import (
    SubjectRef,
    linked_subjects,
    offered_subjects,
    subject_choices,
)
from plugins import PluginConfig
from plugins.models import PluginSettings
from plugins.registry import get_plugin

pytestmark = pytest.mark.django_db


@pytest.fixture
def hands(home_page):
    """Two shows of hands on the public home page and one on an unpublished page."""
    draft = home_page.add_child(instance=Page(title="Draft", slug="draft", live=False))
    return [
        Module.objects.create(page=home_page, kind="raise_hand", title="Who comes?"),
        Module.objects.create(page=home_page, kind="raise_hand", title="Who helps?"),
        Module.objects.create(page=draft, kind="raise_hand", title="Secret"),
    ]


def dummy(module):
    return SubjectRef("tests_dummy", "show_of_hands", module.pk)


def test_a_plugin_offers_nothing_to_link_by_default():
    assert PluginConfig.linkable_kinds == ()
    assert get_plugin("participation_comments").linkable("anything") == []
    assert not get_plugin("participation_comments").provides("linkable")
    assert get_plugin("tests_dummy").provides("linkable")


def test_references_parse_only_when_well_formed():
    ref = SubjectRef("tests_dummy", "show_of_hands", 7)
    assert SubjectRef.from_key(ref.key) == ref
    assert SubjectRef.from_data(ref.as_data()) == ref
    as_text = {"plugin": "tests_dummy", "kind": "show_of_hands", "id": "7"}
    assert SubjectRef.from_data(as_text) == ref
    for broken in (None, "x", [], {"plugin": "a", "kind": "b", "id": "seven"}, {"id": 7}):
        assert SubjectRef.from_data(broken) is None
    assert SubjectRef.from_key("tests_dummy:show_of_hands:") is None


def test_the_block_stores_only_the_reference():
    block = SubjectBlock()
    ref = SubjectRef("tests_dummy", "show_of_hands", 7)
    assert block.get_prep_value(ref) == {"plugin": "tests_dummy", "kind": "show_of_hands", "id": 7}
    assert block.to_python(block.get_prep_value(ref)) == ref
    assert block.value_from_form(block.value_for_form(ref)) == ref
    assert block.get_searchable_content(ref) == []


def test_offered_and_chooser_list_only_what_anyone_may_see(hands):
    offered = {ref: subject.label for ref, _kind, subject in offered_subjects()}
    assert offered[dummy(hands[0])] == "Who comes?"
    assert dummy(hands[2]) not in offered
    groups = dict(subject_choices())
    assert groups["Raise your hand · Show of hands"] == [
        (dummy(hands[0]).key, "Who comes?"),
        (dummy(hands[1]).key, "Who helps?"),
    ]


def test_linked_subjects_keep_the_order_named_without_repeats(rf, hands):
    refs = [dummy(hands[1]), dummy(hands[0]), dummy(hands[1]), None]
    (group,) = linked_subjects(refs, rf.get("/"))
    assert group.heading == "Related shows of hands"
    assert [subject.label for subject in group.subjects] == ["Who helps?", "Who comes?"]
    assert group.subjects[0].url == "/"


def test_what_cannot_be_shown_is_left_out(rf, hands):
    refs = [
        dummy(hands[2]),  # on an unpublished page
        SubjectRef("tests_dummy", "show_of_hands", 999_999),  # deleted
        SubjectRef("tests_dummy", "undeclared", hands[0].pk),
        SubjectRef("no_such_plugin", "show_of_hands", hands[0].pk),
    ]
    assert linked_subjects(refs, rf.get("/")) == []


def test_a_switched_off_plugin_links_nothing(rf, site, hands):
    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = ["tests_dummy"]
    settings.save()
    assert linked_subjects([dummy(hands[0])], rf.get("/")) == []
