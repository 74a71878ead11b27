"""The ballot desk in the Wagtail admin: who may use it, in-person marks, assisted votes,
the paper tally, and the turnout-only view while a ballot is open."""

import pytest
from django.urls import reverse

from participation.ballots.models import BoxEntry, Channel, PaperTally, RollEntry
from participation.residents.factories import UserFactory

from .conftest import close

pytestmark = pytest.mark.django_db


def desk_url(ballot, name="desk"):
    return reverse(f"participation_ballots_admin:{name}", args=[ballot.pk])


def test_only_staff_with_a_ballot_role_reach_the_desk(client, motion, voter, officer, reviewer):
    client.force_login(voter)
    assert client.get(desk_url(motion)).status_code == 302  # not admin: sent to sign in
    plain_staff = UserFactory(is_staff=True)
    from django.contrib.auth.models import Permission

    plain_staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(plain_staff)
    assert client.get(desk_url(motion))["Location"] == "/admin/"
    for user in (officer, reviewer):
        client.force_login(user)
        assert client.get(desk_url(motion)).status_code == 200
        assert client.get(reverse("participation_ballots_admin:index")).status_code == 200


def test_reviewer_cannot_mark_or_record_votes(client, motion, voters, reviewer):
    client.force_login(reviewer)
    client.post(desk_url(motion, "in_person"), {"voter": voters[0].pk})
    assert not RollEntry.objects.filter(voted_at__isnull=False).exists()


def test_officer_marks_an_in_person_voter(client, motion, voters, officer):
    client.force_login(officer)
    response = client.post(desk_url(motion, "in_person"), {"voter": voters[0].pk}, follow=True)
    assert "已登记为现场投票" in response.text
    entry = RollEntry.objects.get(ballot=motion, voter=voters[0])
    assert (entry.channel, entry.recorded_by) == (Channel.PAPER, officer)
    again = client.post(desk_url(motion, "in_person"), {"voter": voters[0].pk})
    assert "该居民不在名册中或已投票" in again.text
    assert not BoxEntry.objects.exists()


def test_officer_records_an_assisted_vote_with_consent(client, motion, voters, officer):
    client.force_login(officer)
    prefix = f"ballot{motion.pk}"
    data = {f"{prefix}-voter": voters[1].pk, f"{prefix}-vote": "for", f"{prefix}-confirm": "on"}
    refused = client.post(desk_url(motion, "assisted"), data)
    assert "代为录入必须记录居民本人的同意" in refused.text
    assert not BoxEntry.objects.exists()
    data[f"{prefix}-consent_note"] = "本人到服务大厅口述，签字确认"
    response = client.post(desk_url(motion, "assisted"), data)
    assert response.status_code == 200
    assert response.context["receipt_code"] in response.text
    entry = RollEntry.objects.get(ballot=motion, voter=voters[1])
    assert entry.channel == Channel.ASSISTED
    assert entry.consent_note.startswith("本人")
    assert BoxEntry.objects.count() == 1


def test_turnout_while_open_and_paper_tally_after_closing(client, motion, voters, officer):
    client.force_login(officer)
    for voter in voters[:2]:
        client.post(desk_url(motion, "in_person"), {"voter": voter.pk})
    page = client.get(desk_url(motion)).text
    assert "已投票 2 人 / 名册 5 人" in page
    assert "<h2>计票结果" not in page
    close(motion)
    bad = client.post(
        desk_url(motion, "paper"), {"ballots_counted": 2, "for": 1, "against": 0, "abstain": 0}
    )
    assert "之和必须等于" in bad.text
    assert not PaperTally.objects.exists()
    client.post(
        desk_url(motion, "paper"), {"ballots_counted": 2, "for": 1, "against": 1, "abstain": 0}
    )
    assert PaperTally.objects.get().counts == {"for": 1, "against": 1, "abstain": 0}
    page = client.get(desk_url(motion)).text
    assert "<h2>计票结果" in page


def test_roll_shows_who_voted_but_never_what(client, motion, voters, officer):
    from participation.ballots import casting

    casting.cast_vote(motion, voters[0], {"vote": "against"})
    client.force_login(officer)
    page = client.get(desk_url(motion, "roll")).text
    assert voters[0].display_name in page
    assert "网上投票" in page
    assert "反对" not in page


def test_snippet_pages_and_exports_show_no_tally(client, motion, voters):
    from participation.ballots import casting

    casting.cast_vote(motion, voters[0], {"vote": "against"})
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    edit = reverse("wagtailsnippets_participation_ballots_ballot:edit", args=[motion.pk])
    listing = reverse("wagtailsnippets_participation_ballots_ballot:list")
    for response in (client.get(edit), client.get(listing)):
        assert response.status_code == 200
        assert "计票结果" not in response.text
        assert "ballot-chart" not in response.text
        assert "against" not in response.text
    export = client.get(listing, {"export": "csv"})
    content = b"".join(export.streaming_content).decode()
    content = content.replace(motion.get_ballot_type_display(), "")  # the kind names its answers
    assert "against" not in content
    assert "反对" not in content


@pytest.mark.parametrize("title", ['=HYPERLINK("x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_snippet_exports_neutralise_formulas(client, make_ballot, title):
    import csv
    import io

    from openpyxl import load_workbook

    make_ballot(title=title)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = reverse("wagtailsnippets_participation_ballots_ballot:list")
    export = client.get(listing, {"export": "csv"})
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(content)))[1][0] == "'" + title
    export = client.get(listing, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert list(sheet.values)[1][0] == "'" + title
