"""Opened ballots are records: no admin path, cascade or Module save removes or moves them."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from participation.ballots.models import Ballot, BallotLocked
from participation.core.models import Module
from participation.residents.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_deleting_the_page_of_an_opened_ballot_is_refused(motion):
    with pytest.raises(BallotLocked), transaction.atomic():
        motion.page.delete()
    assert Ballot.objects.filter(pk=motion.pk).exists()


def test_deleting_the_module_row_is_refused(motion):
    with pytest.raises(BallotLocked), transaction.atomic():
        Module.objects.get(pk=motion.pk).delete()
    with pytest.raises(BallotLocked), transaction.atomic():
        Ballot.objects.filter(pk=motion.pk).delete()
    assert Ballot.objects.filter(pk=motion.pk).exists()


def test_saving_the_module_row_cannot_move_the_schedule(motion):
    module = Module.objects.get(pk=motion.pk)
    module.closes_at += timedelta(days=3)
    with pytest.raises(BallotLocked):
        module.save()
    module.refresh_from_db()
    module.title = "标题可以改"
    module.save()


def test_scheduled_ballot_can_still_be_deleted(make_ballot):
    ballot = make_ballot(opens_at=timezone.now() + timedelta(days=1))
    ballot.delete()
    assert not Ballot.objects.exists()


def test_admin_paths_refuse_with_a_message(admin_client, motion):
    module_edit = reverse("wagtailsnippets_participation_core_module:edit", args=[motion.pk])
    response = admin_client.get(module_edit)
    assert response["Location"] == reverse(
        "wagtailsnippets_participation_ballots_ballot:edit", args=[motion.pk]
    )
    delete = reverse("wagtailsnippets_participation_ballots_ballot:delete", args=[motion.pk])
    response = admin_client.post(delete, follow=True)
    assert "票决已开始，不能删除" in response.text
    page_delete = reverse("wagtailadmin_pages:delete", args=[motion.page.pk])
    response = admin_client.post(page_delete, follow=True)
    assert "页面上有已开始的票决" in response.text
    assert Ballot.objects.filter(pk=motion.pk).exists()
