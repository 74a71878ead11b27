"""The hearings admin: attendee list and its CSV/Excel export, opinions, hearing settings."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from openpyxl import load_workbook

from participation.hearings import services
from participation.hearings.models import Hearing, Opinion
from participation.hearings.wagtail_hooks import HearingAdmin, OpinionAdmin
from participation.residents.factories import UserFactory, VerifiedResidentFactory

from .conftest import make_hearing

pytestmark = pytest.mark.django_db
INDEX = "/admin/participation_hearings/registration/"


@pytest.fixture
def attendees(hearing):
    people = VerifiedResidentFactory.create_batch(3)
    return [services.register(person, hearing) for person in people]


def export(client, hearing, kind):
    return client.get(INDEX, {"hearing": hearing.pk, "export": kind})


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def form_class(admin, model):
    return admin.edit_handler.bind_to_model(model).get_form_class()


def test_staff_see_the_attendee_list_of_one_hearing(client, staff, hearing, notice_page, attendees):
    other = make_hearing(notice_page, title="另一场")
    stranger = services.register(VerifiedResidentFactory(), other)
    client.force_login(staff)
    response = client.get(INDEX, {"hearing": hearing.pk})
    assert response.status_code == 200
    for registration in attendees:
        assert registration.code in response.text
    assert stranger.code not in response.text


def test_export_to_csv(client, staff, hearing, attendees):
    client.force_login(staff)
    response = export(client, hearing, "csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert len(rows) == 1 + len(attendees)
    codes = {row[rows[0].index("报名码")] for row in rows[1:]}
    assert codes == {registration.code for registration in attendees}
    assert "住户单元" in rows[0]  # a superuser may see personal data


def test_export_to_excel(client, staff, hearing, attendees):
    client.force_login(staff)
    response = export(client, hearing, "xlsx")
    sheet = load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.values)
    assert len(rows) == 1 + len(attendees)
    assert {row[rows[0].index("报名码")] for row in rows[1:]} == {a.code for a in attendees}


def test_personal_data_only_for_staff_with_the_permission(client, hearing, attendees):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_registration"),
    )
    client.force_login(clerk)
    header = body(export(client, hearing, "csv")).decode("utf-8-sig").splitlines()[0]
    assert "报名码" in header
    assert "住户单元" not in header
    assert "手机号码" not in header
    clerk.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    clerk = type(clerk).objects.get(pk=clerk.pk)
    client.force_login(clerk)
    header = body(export(client, hearing, "csv")).decode("utf-8-sig").splitlines()[0]
    assert "住户单元" in header
    assert "手机号码" in header


def test_residents_cannot_reach_the_attendee_list(client, resident, hearing, attendees):
    client.force_login(resident)
    response = export(client, hearing, "csv")
    assert response.status_code in (302, 403)
    assert attendees[0].code.encode() not in body(response)


def test_registrations_are_not_created_in_the_admin(client, staff):
    client.force_login(staff)
    assert client.get(INDEX + "create/").status_code in (302, 403)


def test_buildings_hearing_needs_a_building(notice_page):
    form = form_class(HearingAdmin, Hearing)(
        data={
            "page": notice_page.pk,
            "title": "听证会",
            "eligibility": Hearing.Eligibility.BUILDINGS,
            "capacity": 30,
        },
        instance=Hearing(),
    )
    assert not form.is_valid()
    assert "请至少选择一栋楼" in str(form.errors["buildings"])


def test_staff_publish_group_and_answer_an_opinion(hearing, resident):
    opinion = services.submit_opinion(resident, hearing, "建议东门增设停车位。", show_name=True)
    form = form_class(OpinionAdmin, Opinion)(
        data={"publish": "on", "answer": "  采纳。  ", "group": ""}, instance=opinion
    )
    assert form.is_valid(), form.errors
    form.save()
    opinion.refresh_from_db()
    assert opinion.is_published
    assert opinion.answer == "采纳。"
    assert opinion.answered_at


def test_a_withdrawn_opinion_cannot_be_published_in_the_admin(hearing, resident):
    opinion = services.submit_opinion(resident, hearing, "建议东门增设停车位。")
    services.withdraw_opinion(resident, opinion.pk)
    opinion.refresh_from_db()
    form = form_class(OpinionAdmin, Opinion)(
        data={"publish": "on", "answer": "", "group": ""}, instance=opinion
    )
    assert not form.is_valid()
    assert "居民已撤回这条意见，不能公开。" in str(form.errors)
    assert not Opinion.objects.public().exists()


def test_admin_forms_render(client, staff, hearing, resident):
    opinion = services.submit_opinion(resident, hearing, "建议东门增设停车位。")
    client.force_login(staff)
    assert client.get("/admin/participation_hearings/hearing/create/").status_code == 200
    assert (
        client.get(f"/admin/participation_hearings/hearing/edit/{hearing.pk}/").status_code == 200
    )
    edit = client.get(f"/admin/participation_hearings/opinion/edit/{opinion.pk}/")
    assert edit.status_code == 200
    assert "建议东门增设停车位。" in edit.text
    assert client.get("/admin/participation_hearings/opiniongroup/").status_code == 200
    assert hearing.title in client.get("/admin/participation_hearings/hearing/").text
    assert "建议东门增设停车位。" in client.get("/admin/participation_hearings/opinion/").text


def test_staff_create_a_hearing_in_the_admin(client, staff, notice_page):
    client.force_login(staff)
    response = client.post(
        "/admin/participation_hearings/hearing/create/",
        {
            "page": notice_page.pk,
            "title": "报名参加听证会",
            "eligibility": "verified",
            "capacity": "30",
            "waiting_list": "on",
            "opens_at": "2026-12-01 09:00",
            "closes_at": "2026-12-10 18:00",
            "agenda": "一、方案说明",
            "venue": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    created = Hearing.objects.get()
    assert (created.kind, created.capacity, created.page_id) == ("hearing", 30, notice_page.pk)


def test_admin_refuses_a_window_that_closes_before_it_opens(client, staff, notice_page):
    client.force_login(staff)
    response = client.post(
        "/admin/participation_hearings/hearing/create/",
        {
            "page": notice_page.pk,
            "title": "报名参加听证会",
            "eligibility": "verified",
            "capacity": "30",
            "opens_at": "2026-12-10 09:00",
            "closes_at": "2026-12-01 18:00",
        },
    )
    assert response.status_code == 200
    assert "截止时间必须晚于开始时间。" in response.text
    assert not Hearing.objects.exists()


def test_adding_seats_in_the_admin_confirms_the_first_waiting(client, staff, notice_page):
    hearing = make_hearing(notice_page, capacity=1)
    first, second, third = (
        services.register(person, hearing) for person in VerifiedResidentFactory.create_batch(3)
    )
    client.force_login(staff)
    response = client.post(
        f"/admin/participation_hearings/hearing/edit/{hearing.pk}/",
        {
            "page": notice_page.pk,
            "title": hearing.title,
            "eligibility": "verified",
            "capacity": "2",
            "waiting_list": "on",
            "opens_at": "2026-11-01 09:00",
            "agenda": hearing.agenda,
        },
    )
    assert response.status_code == 302
    statuses = [r.status for r in (first, second, third) if r.refresh_from_db() is None]
    assert statuses == ["confirmed", "confirmed", "waiting"]


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)"]


@pytest.mark.parametrize("text", FORMULAS)
def test_opinion_export_neutralises_formulas(client, staff, hearing, resident, text):
    services.submit_opinion(resident, hearing, text)
    client.force_login(staff)
    url = "/admin/participation_hearings/opinion/"
    csv_rows = list(
        csv.reader(io.StringIO(body(client.get(url, {"export": "csv"})).decode("utf-8-sig")))
    )
    assert csv_rows[1][csv_rows[0].index("意见内容")] == "'" + text
    sheet = load_workbook(io.BytesIO(body(client.get(url, {"export": "xlsx"})))).active
    xlsx_rows = list(sheet.values)
    assert xlsx_rows[1][xlsx_rows[0].index("意见内容")] == "'" + text


def test_the_export_speaks_the_staffs_language_in_local_time(client, staff, hearing, attendees):
    services.cancel(attendees[0].author, attendees[0].pk)
    client.force_login(staff)
    rows = list(csv.reader(io.StringIO(body(export(client, hearing, "csv")).decode("utf-8-sig"))))
    header, lines = rows[0], rows[1:]
    status = header.index("报名状态（已确认／候补／已取消）")
    assert {line[status] for line in lines} == {"已确认", "已取消"}
    assert {line[header.index("希望发言")] for line in lines} == {"否"}
    building = header.index("楼栋")
    assert {line[building] for line in lines} == {str(a.author.unit.building) for a in attendees}
    created = lines[0][header.index("提交时间")]
    local = timezone.localtime(attendees[0].created_at).strftime("%Y-%m-%d %H:%M")
    assert created == local  # Asia/Shanghai, to the minute


def test_the_excel_export_has_labels_and_local_times(client, staff, hearing, attendees):
    client.force_login(staff)
    sheet = load_workbook(io.BytesIO(body(export(client, hearing, "xlsx")))).active
    header, *lines = list(sheet.values)
    assert lines[0][header.index("报名状态（已确认／候补／已取消）")] == "已确认"
    created = lines[0][header.index("提交时间")]
    expected = timezone.localtime(attendees[0].created_at).replace(second=0, microsecond=0)
    assert created == expected.replace(tzinfo=None)
