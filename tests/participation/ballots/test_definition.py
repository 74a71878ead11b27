"""Defining a ballot: derived state, validation, and the lock once it has opened."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from participation.ballots import results
from participation.ballots.models import Ballot, BallotLocked, BallotOption
from participation.residents.factories import UserFactory

from .conftest import close

pytestmark = pytest.mark.django_db


def test_state_is_derived_from_schedule_and_certification(make_ballot, reviewer):
    draft = make_ballot(opens_at=None, closes_at=None)
    assert draft.state() == Ballot.State.DRAFT
    later = make_ballot(opens_at=timezone.now() + timedelta(days=1))
    assert later.state() == Ballot.State.SCHEDULED
    ballot = make_ballot()
    assert ballot.state() == Ballot.State.OPEN
    close(ballot)
    assert ballot.state() == Ballot.State.CLOSED
    results.certify(ballot, reviewer)
    assert ballot.state() == Ballot.State.CERTIFIED


def test_module_kind_is_ballot_and_specific_returns_the_ballot(motion):
    from participation.core.models import Module

    module = Module.objects.get(pk=motion.pk)
    assert module.kind == "ballot"
    assert isinstance(module.specific, Ballot)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("threshold", Ballot.Threshold.TWO_THIRDS_OF_VOTES),
        ("quorum_numerator", 1),
        ("abstentions_in_threshold_base", False),
        ("is_secret", False),
        ("electorate", Ballot.Electorate.REPRESENTATIVES),
        ("ballot_type", Ballot.Type.CHOICE),
    ],
)
def test_rules_cannot_change_once_opened(motion, field, value):
    setattr(motion, field, value)
    with pytest.raises(BallotLocked):
        motion.save()
    motion.refresh_from_db()
    assert getattr(motion, field) != value


def test_schedule_cannot_move_once_opened(motion):
    motion.closes_at += timedelta(days=1)
    with pytest.raises(BallotLocked):
        motion.save()


def test_title_may_still_be_corrected_once_opened(motion):
    motion.title = "要事票决：小区停车管理方案（更正错字）"
    motion.save()
    motion.refresh_from_db()
    assert motion.title.endswith("（更正错字）")


def test_options_cannot_be_added_changed_or_removed_once_opened(choice):
    option = choice.options.first()
    option.save()  # saving it unchanged is harmless (the admin does it with every parent save)
    option.label = "改过的方案"
    with pytest.raises(BallotLocked):
        option.save()
    with pytest.raises(BallotLocked):
        option.delete()
    with pytest.raises(BallotLocked):
        BallotOption.objects.create(ballot=choice, label="新方案")
    assert list(choice.options.values_list("label", flat=True)) == ["方案一", "方案二", "方案三"]


def test_opened_ballot_cannot_be_deleted(motion):
    with pytest.raises(BallotLocked):
        motion.delete()
    assert Ballot.objects.filter(pk=motion.pk).exists()


def test_a_scheduled_ballot_can_still_be_edited(make_ballot):
    ballot = make_ballot(opens_at=timezone.now() + timedelta(days=1))
    ballot.threshold = Ballot.Threshold.TWO_THIRDS_OF_VOTES
    ballot.save()
    BallotOption.objects.create(ballot=ballot, label="可以添加")


def test_clean_refuses_bad_definitions(topic_page):
    now = timezone.now()
    ballot = Ballot(page=topic_page, title="x", opens_at=now, closes_at=now - timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        ballot.clean()
    assert "closes_at" in error.value.message_dict
    ballot = Ballot(page=topic_page, title="x", quorum_numerator=3, quorum_denominator=2)
    with pytest.raises(ValidationError) as error:
        ballot.clean()
    assert "quorum_numerator" in error.value.message_dict
    ballot = Ballot(page=topic_page, title="x", max_choices=2)
    with pytest.raises(ValidationError):
        ballot.clean()


def test_database_refuses_a_quorum_above_the_whole(topic_page):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Ballot.objects.create(page=topic_page, title="x", quorum_numerator=4, quorum_denominator=3)


# -- the admin -------------------------------------------------------------------------------
@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def ballot_form(topic_page, options=(), **overrides):
    now = timezone.localtime()
    data = {
        "page": topic_page.pk,
        "title": "小区绿化改造方案选择",
        "question": "请选择方案",
        "ballot_type": "choice",
        "options": inline_formset(
            [{"label": label, "description": "", "id": ""} for label in options]
        ),
        "max_choices": 1,
        "electorate": "residents",
        "quorum_numerator": 0,
        "quorum_denominator": 1,
        "threshold": "majority_of_votes",
        "abstentions_in_threshold_base": "on",
        "opens_at": (now + timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
        "closes_at": (now + timedelta(days=8)).strftime("%Y-%m-%d %H:%M"),
        "is_secret": "on",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_admin_creates_a_ballot_with_its_options(admin_client, topic_page):
    url = reverse("wagtailsnippets_participation_ballots_ballot:add")
    response = admin_client.post(url, ballot_form(topic_page, ["方案甲", "方案乙"]))
    assert response.status_code == 302, response.context["form"].errors
    ballot = Ballot.objects.get(title="小区绿化改造方案选择")
    assert list(ballot.options.values_list("label", flat=True)) == ["方案甲", "方案乙"]
    assert ballot.kind == "ballot"
    assert ballot.state() == Ballot.State.SCHEDULED


@pytest.mark.parametrize(
    ("options", "overrides", "message"),
    [
        (["只有一个"], {}, "至少需要两个选项"),
        (["甲", "乙"], {"max_choices": 3}, "可选项数不能多于选项总数"),
        (["甲", "乙"], {"electorate": "buildings"}, "请选择参加投票的楼栋"),
        (["甲"], {"ballot_type": "motion"}, "议案表决的选项固定"),
        ([], {"ballot_type": "evaluation"}, "至少需要一位测评对象"),
    ],
)
def test_admin_refuses_incomplete_definitions(
    admin_client, topic_page, options, overrides, message
):
    url = reverse("wagtailsnippets_participation_ballots_ballot:add")
    response = admin_client.post(url, ballot_form(topic_page, options, **overrides))
    assert response.status_code == 200
    assert message in response.text
    assert not Ballot.objects.exists()


def test_admin_cannot_change_options_or_rules_of_an_opened_ballot(admin_client, choice, topic_page):
    url = reverse("wagtailsnippets_participation_ballots_ballot:edit", args=[choice.pk])
    assert admin_client.get(url).status_code == 200
    options = [
        {"label": o.label, "description": "", "id": o.pk, "ORDER": i + 1}
        for i, o in enumerate(choice.options.all())
    ]
    options[0]["label"] = "偷偷改掉"
    data = ballot_form(topic_page, title=choice.title, max_choices=2, ballot_type="choice")
    data.update(nested_form_data({"options": inline_formset(options, initial=3)}))
    data["threshold"] = "two_thirds_of_votes"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "不能再修改选项" in response.text
    choice.refresh_from_db()
    assert choice.threshold == Ballot.Threshold.MAJORITY_OF_VOTES
    assert "偷偷改掉" not in set(choice.options.values_list("label", flat=True))


def test_admin_can_still_correct_the_title_of_an_opened_ballot(admin_client, choice, topic_page):
    url = reverse("wagtailsnippets_participation_ballots_ballot:edit", args=[choice.pk])
    options = [
        {"label": o.label, "description": o.description, "id": o.pk, "ORDER": i + 1}
        for i, o in enumerate(choice.options.all())
    ]
    data = ballot_form(topic_page, title="更正后的标题", max_choices=2, ballot_type="choice")
    data.update(nested_form_data({"options": inline_formset(options, initial=3)}))
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    choice.refresh_from_db()
    assert choice.title == "更正后的标题"
    assert list(choice.options.values_list("label", flat=True)) == ["方案一", "方案二", "方案三"]
