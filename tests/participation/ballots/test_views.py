"""The ballot on its page and the vote form through real requests: receipts, refusals, CSRF."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from participation.ballots.casting import issue_paper, receipt_hash
from participation.ballots.models import BoxEntry, RollEntry

pytestmark = pytest.mark.django_db


def vote_url(ballot):
    return reverse("participation_ballots:vote", args=[ballot.pk])


def paper(ballot, voter=None, **fields):
    """The form's fields; with ``voter``, the one-time paper token the page would have given."""
    if voter is not None:
        fields["paper"] = issue_paper(ballot, voter)
    prefix = f"ballot{ballot.pk}"
    return {f"{prefix}-{name}": value for name, value in fields.items()}


def test_eligible_resident_sees_the_form_and_gets_a_receipt_once(client, motion, voter):
    client.force_login(voter)
    page = client.get(motion.page.url).text
    assert f'action="{vote_url(motion)}"' in page
    assert "我已核对所选内容" in page
    response = client.post(vote_url(motion), paper(motion, voter, vote="for", confirm="on"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    code = response.context["receipt_code"]
    assert code in response.text
    assert BoxEntry.objects.get().receipt_hash == receipt_hash(motion.pk, code)
    page = client.get(motion.page.url).text
    assert "您已投票" in page
    assert code not in page
    assert "我已核对所选内容" not in page


def test_unconfirmed_or_empty_paper_is_refused_and_keeps_the_marks(client, motion, voter):
    client.force_login(voter)
    response = client.post(vote_url(motion), paper(motion, vote="against"))
    assert response.status_code == 400
    assert "请勾选确认后再投票" in response.text
    assert re.search(r'<input type="radio"[^>]*value="against"[^>]*checked', response.text)
    assert "against" not in str(dict(client.session))
    response = client.post(vote_url(motion), paper(motion, confirm="on"))
    assert response.status_code == 400
    assert "请选择赞成、反对或弃权" in response.text
    assert not BoxEntry.objects.exists()
    assert not RollEntry.objects.filter(voted_at__isnull=False).exists()


def test_option_of_another_ballot_is_refused_by_the_form(client, choice, make_ballot, voter):
    from participation.ballots.models import Ballot

    other = make_ballot(options=["外来选项", "另一个"], ballot_type=Ballot.Type.CHOICE)
    client.force_login(voter)
    foreign = str(other.options.first().pk)
    response = client.post(
        vote_url(choice), paper(choice, options=[foreign], confirm="on"), follow=True
    )
    assert "所选选项不属于本次票决" in response.text
    assert not BoxEntry.objects.exists()


def test_too_many_choices_are_refused_by_the_form(client, choice, voter):
    client.force_login(voter)
    ids = [str(pk) for pk in choice.options.values_list("pk", flat=True)]
    response = client.post(vote_url(choice), paper(choice, options=ids, confirm="on"), follow=True)
    assert "最多只能选 2 项" in response.text
    assert not BoxEntry.objects.exists()


def test_evaluation_paper_through_the_form(client, evaluation, voter):
    client.force_login(voter)
    page = client.get(evaluation.page.url).text
    assert "张书记" in page
    assert "基本满意" in page
    fields = {f"item_{pk}": "basic" for pk in evaluation.options.values_list("pk", flat=True)}
    response = client.post(vote_url(evaluation), paper(evaluation, voter, confirm="on", **fields))
    assert response.status_code == 200
    assert "receipt_code" in response.context
    assert set(BoxEntry.objects.get().choices["ratings"].values()) == {"basic"}


def test_unverified_and_ineligible_see_why_and_cannot_post(client, motion, unverified):
    client.force_login(unverified)
    assert "只有已认证的居民才能投票" in client.get(motion.page.url).text
    data = paper(motion, unverified, vote="for", confirm="on")
    response = client.post(vote_url(motion), data, follow=True)
    assert "只有已认证的居民才能投票" in response.text
    assert not BoxEntry.objects.exists()


def test_forged_request_without_csrf_token_is_refused(motion, voter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(voter)
    response = client.post(vote_url(motion), paper(motion, vote="for", confirm="on"))
    assert response.status_code == 403
    assert not BoxEntry.objects.exists()


def test_anonymous_is_sent_to_sign_in_and_nothing_is_stored(client, motion):
    response = client.post(vote_url(motion), paper(motion, vote="for", confirm="on"))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not BoxEntry.objects.exists()


def test_unknown_ballot_is_404(client, voter):
    client.force_login(voter)
    assert client.post("/participate/participation_ballots/999999/vote/").status_code == 404


def test_switched_off_plugin_renders_nothing_and_refuses_votes(client, site, motion, voter):
    from plugins.models import PluginSettings

    settings = PluginSettings.for_site(site)
    settings.disabled_plugins = ["participation_ballots"]
    settings.save()
    client.force_login(voter)
    assert motion.title not in client.get(motion.page.url).text
    assert client.post(vote_url(motion), paper(motion, vote="for", confirm="on")).status_code == 404
    assert not BoxEntry.objects.exists()


def test_page_in_english(client, motion, voter):
    client.force_login(voter)
    url = "/en" + motion.page.url
    response = client.get(url)
    assert response.status_code == 200
    assert "Secret ballot" in response.text
    assert "For" in response.text
    assert "I have checked my choices" in response.text


def test_listing_counts_do_not_include_votes(motion, voter):
    from participation.ballots import casting
    from participation.core.counts import contribution_counts

    casting.cast_vote(motion, voter, {"vote": "for"})
    assert contribution_counts([motion.page]).get(motion.page.pk, 0) == 0
