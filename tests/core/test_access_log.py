"""The personal-data access log: what records it, the database guard, reading it, residents'
summary, retention and account deletion."""

import json
import zipfile
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from participation.comments.models import Comment
from participation.core import personal_data
from participation.core.access_log import prune_access_log, record_access, resident_summary
from participation.core.models import AccessLogEntry, AccessLogSubject
from participation.residents import services
from participation.residents.factories import UserFactory
from plugins.scheduler import scheduled_jobs

pytestmark = pytest.mark.django_db
LOG_INDEX = "/admin/participation_core/accesslogentry/"


@pytest.fixture
def admin_user(db):
    return UserFactory(username="office", is_staff=True, is_superuser=True)


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="编辑")[0])
    return user


def new_entries(since):
    return list(AccessLogEntry.objects.filter(pk__gt=since).order_by("pk"))


def last_pk():
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def one_new_entry(since):
    entries = new_entries(since)
    assert len(entries) == 1, [(entry.what, entry.records) for entry in entries]
    return entries[0]


def subjects_of(entry):
    return set(entry.subjects.values_list("resident_id", flat=True))


def log(request_user, residents=(), *, what="居民账号列表"):
    request = RequestFactory().get("/admin/")
    request.user = request_user
    return record_access(request, what, records=len(residents), subjects=[r.pk for r in residents])


def expired_entry(actor, residents=()):
    """An entry written long ago, whose retention has run out (inserted, never changed)."""
    long_ago = timezone.now() - timedelta(days=400)
    entry = AccessLogEntry.objects.create(
        at=long_ago,
        keep_until=long_ago + timedelta(days=365),
        actor_id=actor.pk,
        actor_name=actor.username,
        actor_roles="编辑",
        action="view",
        what="参会名单",
        records=len(residents),
    )
    AccessLogSubject.objects.bulk_create(
        AccessLogSubject(entry=entry, resident_id=resident.pk) for resident in residents
    )
    return entry


# What records it ------------------------------------------------------------------------------


def test_the_residents_list_records_the_page_it_shows(client, admin_user, resident, unverified):
    client.force_login(admin_user)
    before = last_pk()
    assert client.get("/admin/participation_residents/user/").status_code == 200
    entry = one_new_entry(before)
    assert (entry.what, entry.action, entry.actor_name) == ("居民账号列表", "view", "office")
    assert entry.actor_roles == "超级管理员"
    assert entry.records == 3
    assert subjects_of(entry) == {admin_user.pk, resident.pk, unverified.pk}


def test_a_search_records_its_terms_and_the_matches(client, admin_user, resident, unverified):
    client.force_login(admin_user)
    before = last_pk()
    client.get("/admin/participation_residents/user/", {"q": "王阿姨"})
    entry = one_new_entry(before)
    assert (entry.action, entry.records, entry.terms) == ("search", 1, "q=王阿姨")
    assert subjects_of(entry) == {resident.pk}


def test_one_residents_page_and_the_user_form_record_that_resident(client, admin_user, resident):
    client.force_login(admin_user)
    before = last_pk()
    url = f"/admin/participation_residents/user/inspect/{resident.pk}/"
    assert client.get(url).status_code == 200
    entry = one_new_entry(before)
    assert (entry.what, entry.records, subjects_of(entry)) == ("居民账号列表", 1, {resident.pk})
    before = last_pk()
    assert client.get(reverse("wagtailusers_users:edit", args=[resident.pk])).status_code == 200
    entry = one_new_entry(before)
    assert (entry.what, entry.records, subjects_of(entry)) == ("用户编辑", 1, {resident.pk})


def test_wagtails_user_list_records_the_accounts_it_shows(client, admin_user, resident):
    client.force_login(admin_user)
    before = last_pk()
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200
    entry = one_new_entry(before)
    assert (entry.what, entry.action, entry.records) == ("用户列表", "view", 2)
    assert subjects_of(entry) == {admin_user.pk, resident.pk}
    before = last_pk()
    client.get(reverse("wagtailusers_users:index"), {"q": "wang"})
    entry = one_new_entry(before)
    assert (entry.action, entry.records, subjects_of(entry)) == ("search", 1, {resident.pk})


def test_the_verify_form_records_the_resident_it_shows(client, admin_user, unverified):
    client.force_login(admin_user)
    before = last_pk()
    url = reverse("participation_residents_admin:verify", args=[unverified.pk])
    assert client.get(url).status_code == 200
    entry = one_new_entry(before)
    assert (entry.what, entry.records, subjects_of(entry)) == ("认证居民", 1, {unverified.pk})


def test_the_verification_log_records_the_residents_it_lists(client, admin_user, resident):
    services.revoke_verification(resident, admin_user, "搬走了")
    client.force_login(admin_user)
    before = last_pk()
    assert client.get("/admin/participation_residents/verificationevent/").status_code == 200
    entry = one_new_entry(before)
    assert (entry.what, entry.records, subjects_of(entry)) == ("认证记录", 1, {resident.pk})


def test_a_comments_page_records_its_author_and_the_queue_does_not(
    client, admin_user, resident, comments_module
):
    comment = Comment.objects.create(module=comments_module, author=resident, body="路灯坏了")
    client.force_login(admin_user)
    before = last_pk()
    client.get("/admin/participation_comments/comment/")  # public names only
    assert new_entries(before) == []
    response = client.get(f"/admin/participation_comments/comment/inspect/{comment.pk}/")
    assert response.status_code == 200
    entry = one_new_entry(before)
    assert (entry.what, entry.records, subjects_of(entry)) == ("评论详情", 1, {resident.pk})


def test_what_is_stored_in_the_source_language_whatever_the_staff_member_reads(
    client, admin_user, resident
):
    client.force_login(admin_user)
    before = last_pk()
    client.get("/admin/participation_residents/user/", HTTP_ACCEPT_LANGUAGE="en")
    assert one_new_entry(before).what == "居民账号列表"


def test_roles_are_the_groups_at_the_time(editor, resident):
    entry = log(editor, [resident])
    editor.groups.clear()
    entry.refresh_from_db()
    assert entry.actor_roles == "编辑"


# The database guard ---------------------------------------------------------------------------


def test_a_recent_entry_cannot_be_changed_or_deleted_even_through_the_orm(admin_user, resident):
    entry = log(admin_user, [resident])
    for change in (
        lambda: AccessLogEntry.objects.filter(pk=entry.pk).update(records=0),
        lambda: AccessLogEntry.objects.filter(pk=entry.pk).update(keep_until=timezone.now()),
        lambda: entry.delete(),
        lambda: AccessLogEntry.objects.all().delete(),
        lambda: AccessLogSubject.objects.filter(entry=entry).delete(),
        lambda: AccessLogSubject.objects.filter(entry=entry).update(resident_id=admin_user.pk),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    entry.refresh_from_db()
    assert entry.records == 1
    assert subjects_of(entry) == {resident.pk}


def test_raw_sql_cannot_change_a_recent_entry_either(admin_user, resident):
    entry = log(admin_user, [resident])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM participation_core_accesslogentry WHERE id = %s", [entry.pk])
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_an_expired_entry_is_deleted_by_the_retention_job_only_with_the_others_kept(
    admin_user, resident
):
    old = expired_entry(admin_user, [resident])
    recent = log(admin_user, [resident])
    assert prune_access_log() == 1
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
    assert not AccessLogSubject.objects.filter(entry_id=old.pk).exists()
    assert AccessLogEntry.objects.filter(pk=recent.pk).exists()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=recent.pk).update(keep_until=old.keep_until)


def test_entries_keep_the_retention_period_of_their_writing(settings, admin_user):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    entry = log(admin_user)
    assert entry.keep_until - entry.at == timedelta(days=30)


def test_nobody_adds_edits_or_deletes_entries_in_the_admin(client, admin_user, resident):
    entry = log(admin_user, [resident])
    client.force_login(admin_user)
    for url in (
        f"{LOG_INDEX}create/",
        f"{LOG_INDEX}edit/{entry.pk}/",
        f"{LOG_INDEX}delete/{entry.pk}/",
    ):
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302, url
            assert response["Location"] == "/admin/", url
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


# Reading the log ------------------------------------------------------------------------------


def test_only_holders_of_the_permission_read_the_log_and_reading_is_recorded(
    client, admin_user, editor, resident
):
    log(editor, [resident])
    editor.groups.get().permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(LOG_INDEX).status_code in (302, 403)
    client.force_login(admin_user)
    before = last_pk()
    response = client.get(LOG_INDEX, {"actor": "editor"})
    assert response.status_code == 200
    assert "居民账号列表" in response.text
    entry = one_new_entry(before)
    assert (entry.what, entry.records, entry.terms) == ("个人信息访问记录", 1, "actor=editor")
    assert subjects_of(entry) == set()


def test_the_log_filters_by_staff_member_what_and_date_and_exports(
    client, admin_user, editor, resident
):
    log(editor, [resident], what="参会名单")
    log(admin_user, [resident])
    client.force_login(admin_user)
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    for params, rows in (
        ({"actor": "editor"}, 1),
        ({"what": "参会名单"}, 1),
        ({"at__lt": str(midnight)}, 0),
        ({"at__gte": str(midnight), "actor": "editor"}, 1),
        ({"action__exact": "export"}, 0),
    ):
        response = client.get(LOG_INDEX, params)
        assert response.status_code == 200
        assert response.context["result_count"] == rows, params
    before = last_pk()
    response = client.get(LOG_INDEX, {"actor": "editor", "export": "csv"})
    sheet = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "参会名单" in sheet
    assert "editor" in sheet
    assert "office" not in sheet.split("\n", 1)[1]
    entry = one_new_entry(before)
    assert (entry.action, entry.records) == ("export", 1)


def test_no_group_may_read_the_log_by_default(db):
    assert not Group.objects.filter(permissions__codename="view_accesslogentry").exists()


# What residents see ---------------------------------------------------------------------------


def test_residents_see_counts_per_month_and_role_never_who(client, editor, admin_user, resident):
    log(editor, [resident])
    log(editor, [resident])
    log(admin_user, [resident])
    log(admin_user, [])  # not about this resident
    month = timezone.localtime().strftime("%Y-%m")
    assert resident_summary(resident) == [
        {"month": month, "role": "编辑", "times": 2},
        {"month": month, "role": "超级管理员", "times": 1},
    ]
    client.force_login(resident)
    page = client.get(reverse("my_participation")).text
    assert "您的个人信息被查看的情况" in page
    assert "超级管理员" in page
    assert "editor" not in page
    assert "office" not in page


def test_the_summary_reads_in_english(client, editor, resident):
    log(editor, [resident])
    client.force_login(resident)
    page = client.get("/en" + reverse("my_participation")).text
    assert "How often your personal data was viewed" in page


def test_the_data_download_holds_the_summary(editor, resident):
    log(editor, [resident])
    with zipfile.ZipFile(personal_data.personal_data_archive(resident)) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["access_log"] == resident_summary(resident)
    assert data["access_log"][0]["times"] == 1
    assert "editor" not in json.dumps(data, ensure_ascii=False)


def test_a_deleted_account_leaves_no_link_in_the_log(editor, resident, unverified):
    entry = log(editor, [resident, unverified])
    personal_data.delete_account(resident)
    assert subjects_of(entry) == {unverified.pk}
    entry.refresh_from_db()
    assert entry.records == 2  # the count stays, whom it concerned does not


def test_a_resident_deleted_in_wagtails_user_admin_leaves_no_link_either(editor, resident):
    entry = log(editor, [resident])
    resident.delete()
    assert subjects_of(entry) == set()


# Retention ------------------------------------------------------------------------------------


def test_the_scheduled_job_prunes_the_log_and_old_sign_in_records(settings, admin_user):
    settings.SIGN_IN_RECORDS_RETENTION_DAYS = 90
    expired_entry(admin_user)
    recent = log(admin_user)
    old_attempt = AccessAttempt.objects.create(
        username="x", ip_address="10.0.0.1", failures_since_start=1
    )
    new_attempt = AccessAttempt.objects.create(
        username="y", ip_address="10.0.0.2", failures_since_start=1
    )
    old_sign_in = AccessLog.objects.create(username="x", ip_address="10.0.0.1")
    long_ago = timezone.now() - timedelta(days=91)
    AccessAttempt.objects.filter(pk=old_attempt.pk).update(attempt_time=long_ago)
    AccessLog.objects.filter(pk=old_sign_in.pk).update(attempt_time=long_ago)
    job = next(job for job in scheduled_jobs() if job.command == "prune_records")
    call_command(job.command, *job.args, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(AccessLogEntry.objects.all()) == [recent]
    assert list(AccessAttempt.objects.all()) == [new_attempt]
    assert not AccessLog.objects.exists()


def test_site_jobs_come_from_settings_before_the_plugins(settings):
    assert scheduled_jobs()[0].command == "prune_records"
    assert scheduled_jobs()[0].at is not None
    settings.SCHEDULED_JOBS = []
    assert "prune_records" not in {job.command for job in scheduled_jobs()}


def test_a_resident_never_sees_who_else_was_concerned(editor, resident, unverified):
    log(editor, [unverified])
    assert resident_summary(resident) == []


def test_staff_of_one_community_read_the_looks_at_their_own_residents_only(client, admin_user):
    from wagtail.models import Site

    from participation.residents.factories import VerifiedResidentFactory
    from tests.communities import make_community, unit_in
    from tests.staff_communities import community_staff, shows, shows_none

    second = make_community()
    ours, theirs = VerifiedResidentFactory(), VerifiedResidentFactory(unit=unit_in(second))
    log(admin_user, [ours], what="参会名单")
    log(admin_user, [theirs], what="预约记录")
    site = Site.objects.get(is_default_site=True)
    client.force_login(
        community_staff(site, permissions=["participation_core.view_accesslogentry"])
    )
    assert shows(client, LOG_INDEX, "参会名单")
    assert shows_none(client, LOG_INDEX, "预约记录")
    client.force_login(admin_user)
    assert shows(client, LOG_INDEX, "参会名单", "预约记录")
