"""取消报名 and 撤回 ask first: the button opens a page that works without JavaScript, and only
the POST from that page acts."""

import pytest
from django.urls import reverse

from participation.hearings import services
from participation.hearings.models import Opinion, Registration

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("prefix", "question"), [("", "确定取消报名吗"), ("/en", "Cancel your")])
def test_cancelling_a_registration_asks_first(client, hearing, resident, prefix, question):
    registration = services.register(resident, hearing)
    client.force_login(resident)
    page = client.get(hearing.page.url).text
    url = reverse("participation_hearings:cancel", args=[registration.pk])
    assert f'href="{url}"' in page  # a link to the question, not a form that acts

    confirm = client.get(prefix + url)
    assert confirm.status_code == 200
    assert question in confirm.text
    assert 'method="post"' in confirm.text
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED

    assert client.post(url).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_withdrawing_an_opinion_asks_first(client, hearing, resident):
    opinion = services.submit_opinion(resident, hearing, "建议在东门增设临时停车位。")
    client.force_login(resident)
    url = reverse("participation_hearings:withdraw_opinion", args=[opinion.pk])
    assert f'href="{url}"' in client.get(hearing.page.url).text

    confirm = client.get(url)
    assert "确定撤回这份书面意见吗" in confirm.text
    opinion.refresh_from_db()
    assert opinion.status != Opinion.Status.WITHDRAWN

    client.post(url)
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.WITHDRAWN


def test_nobody_sees_the_question_for_someone_elses_registration(client, hearing, resident):
    from participation.residents.factories import VerifiedResidentFactory

    registration = services.register(resident, hearing)
    client.force_login(VerifiedResidentFactory())
    url = reverse("participation_hearings:cancel", args=[registration.pk])
    assert client.get(url).status_code == 404
