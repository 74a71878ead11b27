"""The one-time ballot paper: the same paper sent again shows the same receipt, casts once."""

import pytest
from django.core import signing
from django.core.signals import got_request_exception
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from participation.ballots import casting, views
from participation.ballots.models import BoxEntry, RollEntry
from participation.residents.factories import VerifiedResidentFactory

pytestmark = pytest.mark.django_db


def vote_url(ballot):
    return reverse("participation_ballots:vote", args=[ballot.pk])


def paper_from_page(client, ballot):
    """The hidden paper token of the form the voter was shown."""
    page = client.get(ballot.page.url)
    return page.context["form"]["paper"].value()


def marks(ballot, paper, **fields):
    prefix = f"ballot{ballot.pk}"
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    return {**data, f"{prefix}-paper": paper, f"{prefix}-confirm": "on"}


def test_the_same_paper_sent_again_shows_the_same_receipt_and_casts_once(client, motion, voter):
    client.force_login(voter)
    data = marks(motion, paper_from_page(client, motion), vote="for")
    first = client.post(vote_url(motion), data)
    again = client.post(vote_url(motion), data)
    assert first.status_code == again.status_code == 200
    code = first.context["receipt_code"]
    assert again.context["receipt_code"] == code
    assert code in again.text
    assert "此前已经投出" in again.text
    assert "此前已经投出" not in first.text
    assert BoxEntry.objects.count() == 1
    assert BoxEntry.objects.get().receipt_hash == casting.receipt_hash(motion.pk, code)


def test_a_copy_cast_just_before_this_one_gets_its_receipt_from_the_refusal(
    client, motion, voter, monkeypatch
):
    """A copy of the paper commits first: this cast is refused, then finds it in the box.

    The box is looked at only after the cast refuses (no look before it), so a fresh vote
    costs no look and a copy that committed at any moment before is still found.
    """
    client.force_login(voter)
    paper = paper_from_page(client, motion)
    code = casting.cast_paper(motion, voter, paper, {"vote": "for"}).receipt_code
    real_earlier_cast, looks = casting.earlier_cast, []

    def counted(*args):
        looks.append(args)
        return real_earlier_cast(*args)

    monkeypatch.setattr(casting, "earlier_cast", counted)
    response = client.post(vote_url(motion), marks(motion, paper, vote="for"))
    assert response.status_code == 200
    assert response.context["receipt_code"] == code
    assert BoxEntry.objects.count() == 1
    assert len(looks) == 1


def test_a_fresh_vote_does_not_look_in_the_box(client, motion, voter, monkeypatch):
    client.force_login(voter)
    looks = []
    monkeypatch.setattr(casting, "earlier_cast", lambda *args: looks.append(args))
    response = client.post(vote_url(motion), marks(motion, casting.issue_paper(motion, voter)))
    assert response.status_code == 400  # no vote marked: the paper is sent back, nothing looked
    response = client.post(
        vote_url(motion), marks(motion, casting.issue_paper(motion, voter), vote="for")
    )
    assert response.status_code == 200
    assert looks == []


def test_another_paper_after_voting_is_refused_as_already_voted(client, motion, voter):
    client.force_login(voter)
    first_tab, second_tab = paper_from_page(client, motion), paper_from_page(client, motion)
    assert first_tab != second_tab
    client.post(vote_url(motion), marks(motion, first_tab, vote="for"))
    response = client.post(vote_url(motion), marks(motion, second_tab, vote="against"), follow=True)
    assert "您已经投过票了" in response.text
    assert "receipt_code" not in response.context
    assert list(BoxEntry.objects.values_list("choices", flat=True)) == [{"vote": "for"}]


def forged_papers(motion, make_ballot, voter):
    other_voter = VerifiedResidentFactory()
    other_ballot = make_ballot()
    own = casting.issue_paper(motion, voter)
    payload = {"ballot": motion.pk, "voter": voter.pk, "nonce": "chosen-by-the-attacker"}
    return {
        "missing": "",
        "tampered": own[:-2] + ("AA" if not own.endswith("AA") else "BB"),
        "unsigned": signing.dumps(payload, salt="another-salt"),
        "other voter": casting.issue_paper(motion, other_voter),
        "other ballot": casting.issue_paper(other_ballot, voter),
    }


def test_a_forged_or_borrowed_paper_is_refused_and_nothing_is_stored(
    client, motion, make_ballot, voter
):
    client.force_login(voter)
    for name, paper in forged_papers(motion, make_ballot, voter).items():
        response = client.post(vote_url(motion), marks(motion, paper, vote="for"), follow=True)
        assert "receipt_code" not in response.context, name
        assert "这张选票无效" in response.text, name
    assert not BoxEntry.objects.exists()
    assert not RollEntry.objects.filter(voted_at__isnull=False).exists()


def test_someone_elses_cast_paper_does_not_show_their_receipt(client, motion, voter):
    owner = VerifiedResidentFactory()
    paper = casting.issue_paper(motion, owner)
    owners_code = casting.cast_paper(motion, owner, paper, {"vote": "for"}).receipt_code
    client.force_login(voter)
    response = client.post(vote_url(motion), marks(motion, paper, vote="for"), follow=True)
    assert owners_code not in response.text
    assert "这张选票无效" in response.text
    assert BoxEntry.objects.count() == 1


def test_response_lost_after_the_commit_then_the_paper_is_sent_again(motion, voter, monkeypatch):
    """The vote commits, then the connection drops before the receipt reaches the voter."""
    client = Client(raise_request_exception=False)
    client.force_login(voter)
    data = marks(motion, paper_from_page(client, motion), vote="against")
    render = views.render

    def connection_drops(request, template, context=None, *args, **kwargs):
        if template == "participation_ballots/receipt.html":
            monkeypatch.setattr(views, "render", render)  # once
            raise OperationalError("server closed the connection unexpectedly")
        return render(request, template, context, *args, **kwargs)

    monkeypatch.setattr(views, "render", connection_drops)
    failed = []

    def remember(request, **kwargs):
        failed.append(request)

    got_request_exception.connect(remember)
    try:
        assert client.post(vote_url(motion), data).status_code == 500
    finally:
        got_request_exception.disconnect(remember)
    assert BoxEntry.objects.count() == 1  # committed before the fault
    # The error report (e-mailed to admins) hides every field: the choices, the paper.
    assert failed[0].sensitive_post_parameters == "__ALL__"

    again = client.post(vote_url(motion), data)
    assert again.status_code == 200
    code = again.context["receipt_code"]
    assert BoxEntry.objects.get().receipt_hash == casting.receipt_hash(motion.pk, code)
    assert RollEntry.objects.filter(voted_at__isnull=False).count() == 1


def test_the_paper_links_nothing_stored_to_the_voter(motion, voter):
    """Only the receipt's hash is stored; it depends on the paper's random nonce, not the voter."""
    papers = [casting.issue_paper(motion, voter) for _i in range(2)]
    codes = {casting.receipt_code(casting.open_paper(p, motion, voter)) for p in papers}
    assert len(codes) == 2  # the same voter's papers give unrelated receipts
    cast = casting.cast_paper(motion, voter, papers[0], {"vote": "for"})
    nonce = casting.open_paper(papers[0], motion, voter)
    box = BoxEntry.objects.values().get()
    roll = RollEntry.objects.values().get(voter=voter)
    stored = " ".join(str(value) for value in [*box.values(), *roll.values()])
    assert nonce not in stored
    assert papers[0] not in stored
    assert cast.receipt_code not in stored
    assert set(box) == {"id", "ballot_id", "choices", "receipt_hash"}


def test_staff_record_an_assisted_vote_without_a_paper_token(motion, voter, officer):
    from participation.ballots.forms import AssistedVoteForm

    form = AssistedVoteForm(motion, voters=RollEntry.objects.none())
    assert "paper" not in form.fields
