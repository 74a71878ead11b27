"""The ballot desk's looks at the roll are recorded as counts only: the log never names a voter
next to a ballot, let alone a vote."""

import pytest
from django.urls import reverse

from participation.ballots import casting
from participation.core.models import AccessLogEntry, AccessLogSubject

pytestmark = pytest.mark.django_db


def last_pk():
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def one_new_entry(since):
    entries = list(AccessLogEntry.objects.filter(pk__gt=since))
    assert len(entries) == 1, [(entry.what, entry.records) for entry in entries]
    return entries[0]


def test_the_roll_and_the_desk_record_counts_and_no_voter(client, motion, voters, officer):
    casting.cast_vote(motion, voters[0], {"vote": "against"})
    client.force_login(officer)
    before = last_pk()
    assert (
        client.get(reverse("participation_ballots_admin:roll", args=[motion.pk])).status_code == 200
    )
    entry = one_new_entry(before)
    assert (entry.what, entry.action, entry.records, entry.actor_roles) == (
        "选民名册",
        "view",
        5,
        "编辑",
    )
    before = last_pk()
    client.get(
        reverse("participation_ballots_admin:roll", args=[motion.pk]), {"q": voters[1].display_name}
    )
    entry = one_new_entry(before)
    assert (entry.action, entry.records, entry.terms) == ("search", 1, "")
    before = last_pk()
    assert (
        client.get(reverse("participation_ballots_admin:desk", args=[motion.pk])).status_code == 200
    )
    entry = one_new_entry(before)
    assert (entry.what, entry.records) == ("票决工作台名单", 4)  # the voters not yet marked
    assert not AccessLogSubject.objects.exists()
    logged = " ".join(f"{e.what} {e.terms}" for e in AccessLogEntry.objects.all())
    assert "against" not in logged
    assert "反对" not in logged
