"""Buildings and units from CSV: every row validated, all or nothing."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from participation.residents.factories import UserFactory
from participation.residents.importing import ImportError_, import_units
from participation.residents.models import Building, Unit

GOOD = "楼号,户号,片区\n1,1单元101,东片区\n1,1单元102,东片区\n7,2单元301,西片区\n"


@pytest.mark.django_db
def test_a_good_file_creates_buildings_and_units_once():
    result = import_units(GOOD)
    assert (result.buildings_created, result.units_created) == (2, 3)
    again = import_units(GOOD)
    assert (again.units_created, again.units_existing) == (0, 3)
    assert Building.objects.get(number="7").block == "西片区"


@pytest.mark.django_db
def test_a_file_with_bad_rows_imports_nothing_and_names_every_row():
    text = GOOD + ",1单元103,东片区\n1,1单元101,东片区\n1,x,西片区\n"
    with pytest.raises(ImportError_) as error:
        import_units(text)
    assert error.value.errors == [
        "第 5 行：“楼号”不能为空。",
        "第 6 行：1栋 1单元101 重复。",
        "第 7 行：1栋的片区与前面的行不一致。",
    ]
    assert not Building.objects.exists()
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_missing_columns_are_named():
    with pytest.raises(ImportError_, match="缺少列：户号"):
        import_units("楼号,片区\n1,东片区\n")


@pytest.mark.django_db
def test_management_command(tmp_path):
    good = tmp_path / "units.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("import_units", str(good))
    assert Unit.objects.count() == 3
    bad = tmp_path / "bad.csv"
    bad.write_text("building,unit\n2,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="户号"):
        call_command("import_units", str(bad))
    assert Unit.objects.count() == 3


@pytest.mark.django_db
def test_admin_upload(client):
    staff = UserFactory(username="clerk", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "add_unit"])
    )
    client.force_login(staff)
    url = reverse("participation_residents_admin:import_units")
    bad = client.post(url, {"file": SimpleUploadedFile("u.csv", "楼号,户号\n1,\n".encode())})
    assert "第 2 行" in bad.content.decode()
    assert not Unit.objects.exists()
    not_utf8 = client.post(url, {"file": SimpleUploadedFile("u.csv", "楼号".encode("gbk"))})
    assert "UTF-8" in not_utf8.content.decode()
    good = client.post(url, {"file": SimpleUploadedFile("u.csv", GOOD.encode("utf-8-sig"))})
    assert good.status_code == 302
    assert Unit.objects.count() == 3
