"""The issue's "done when": a resident signs up, is verified by a household code, comments on a
topic and sees the staff's official reply; a moderator works the queue."""

from django.test import Client
from django.urls import reverse

from participation.comments.models import Comment
from participation.residents import services
from participation.residents.factories import UnitFactory, UserFactory
from participation.residents.models import User

PASSWORD = "Qiao-bei-2026!"


def test_sign_up_verify_comment_and_see_the_official_reply(comments_module, moderator):
    unit = UnitFactory(building__number="3", number="1单元202")
    staff = UserFactory(username="clerk", is_staff=True)
    _batch, printed = services.generate_household_codes(unit.building, staff)
    resident = Client()
    signup = resident.post(
        reverse("account_signup"),
        {
            "display_name": "赵奶奶",
            "phone": "",
            "email": "zhao@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "building": unit.building.pk,
            "unit_number": unit.number,
        },
    )
    assert signup.status_code == 302
    verify_page = resident.get(
        reverse("participation_residents:verify") + f"?code={printed[0].code}"
    )
    assert f'value="{printed[0].code}"' in verify_page.content.decode()
    resident.post(reverse("participation_residents:verify"), {"code": printed[0].code})
    assert User.objects.get(email="zhao@example.com").is_verified

    resident.post(
        reverse("participation_comments:post", args=[comments_module.pk]),
        {"body": "楼道灯坏了三天，希望尽快修理。"},
    )
    comment = Comment.objects.get()

    staff_client = Client()
    staff_client.force_login(moderator)
    queue = staff_client.get(reverse("participation_comments_comment_modeladmin_index"))
    assert "楼道灯坏了三天" in queue.content.decode()
    staff_client.post(
        reverse("participation_comments_admin:reply", args=[comment.pk]),
        {"body": "已通知物业，明天上午修好。"},
    )

    page = resident.get(comments_module.page.url).content.decode()
    assert "3栋 赵**" in page
    assert "官方回复" in page
    assert "已通知物业，明天上午修好。" in page
    assert "zhao@example.com" not in page.split('id="comments-')[1]


def test_password_reset_mail_does_not_reveal_accounts(client, db, mailoutbox):
    UserFactory(username="li", email="li@example.com")
    known = client.post(reverse("account_reset_password"), {"email": "li@example.com"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mailoutbox] == [["li@example.com"]]


def test_sign_out(client, resident):
    client.force_login(resident)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_admin_pages_render(client, comments_module):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for name in [
        "participation_comments_comment_modeladmin_index",
        "participation_comments_moderationlog_modeladmin_index",
        "participation_residents_user_modeladmin_index",
        "participation_residents_representative_modeladmin_index",
        "participation_residents_building_modeladmin_index",
        "participation_residents_unit_modeladmin_index",
        "participation_residents_verificationevent_modeladmin_index",
        "participation_residents_admin:generate_codes",
        "participation_residents_admin:import_units",
        "participation_comments_admin:export_index",
        "wagtailsnippets_participation_comments_commentsmodule:list",
        "wagtailsnippets_participation_comments_commentsmodule:add",
    ]:
        assert client.get(reverse(name)).status_code == 200, name
