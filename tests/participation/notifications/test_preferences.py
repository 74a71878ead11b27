"""通知设置: channel and rhythm per kind, checked against what the account can receive."""

import pytest
from django.urls import reverse

from participation.core.notifications import notify
from participation.notifications.models import Channel, Delivery, Preference, Rhythm

pytestmark = pytest.mark.django_db

URL = "/participate/participation_notifications/settings/"
KIND = "tests_dummy.hand_raised"


def form_data(client, **changes):
    """The form as the page renders it (every kind at its current value), with ``changes``."""
    form = client.get(URL).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    return data


def test_the_page_lists_every_declared_kind_under_its_owner(client, resident):
    client.force_login(resident)
    response = client.get(URL)
    assert response.status_code == 200
    assert reverse("participation_notifications:preferences") == URL
    for text in ("听证会", "栏目", "候补转为正式报名", "我关注的公开栏有新的公开事项"):
        assert text in response.text
    assert f'<label for="id_channel:{KIND}">' in response.text


def test_a_resident_turns_a_kind_to_the_inbox_only(client, resident, mailoutbox):
    client.force_login(resident)
    response = client.post(URL, form_data(client, **{f"channel:{KIND}": Channel.NONE}))
    assert response.status_code == 302
    assert Preference.objects.get(user=resident, kind=KIND).channel == Channel.NONE
    notify(KIND, [resident], title="举手", url="/")
    assert mailoutbox == []
    assert resident.notification_items.count() == 1


def test_a_daily_digest_leaves_the_delivery_to_the_digest(client, resident, mailoutbox):
    client.force_login(resident)
    client.post(URL, form_data(client, **{f"rhythm:{KIND}": Rhythm.DAILY}))
    notify(KIND, [resident], title="举手", url="/")
    assert mailoutbox == []
    delivery = Delivery.objects.get(item__recipient=resident)
    assert (delivery.digest, delivery.status) == (Rhythm.DAILY, Delivery.Status.PENDING)


def test_sms_is_refused_for_an_account_without_a_phone(client, resident):
    client.force_login(resident)
    response = client.post(URL, form_data(client, **{f"channel:{KIND}": Channel.SMS}))
    assert response.status_code == 400
    assert "您的账号没有手机号码" in response.text
    assert 'aria-invalid="true"' in response.text
    assert not Preference.objects.exists()


def test_email_is_refused_for_an_account_without_an_address(client, phone_only):
    client.force_login(phone_only)
    response = client.post(URL, form_data(client, **{f"channel:{KIND}": Channel.EMAIL}))
    assert response.status_code == 400
    assert "您的账号没有电子邮箱" in response.text


@pytest.mark.parametrize("value", ["fax", "", "<script>"])
def test_an_unknown_channel_is_refused(client, resident, value):
    client.force_login(resident)
    response = client.post(URL, form_data(client, **{f"channel:{KIND}": value}))
    assert response.status_code == 400
    assert not Preference.objects.exists()


def test_the_page_needs_sign_in(client):
    assert client.get(URL).status_code == 302
    assert client.post(URL, {f"channel:{KIND}": "none"}).status_code == 302
    assert not Preference.objects.exists()
