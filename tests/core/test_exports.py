"""The one way staff spreadsheets are written: formulas quoted in every format, a BOM for Excel,
and every list export in the admin going through the safe index views."""

import csv
import io

import pytest
from openpyxl import load_workbook
from wagtail.snippets.models import get_snippet_models
from wagtail_modeladmin.options import ModelAdmin

from participation.core.exports import (
    SafeExportMixin,
    csv_response,
    neutralise_formula,
    spreadsheet_response,
)

FORMULAS = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", FORMULAS)
def test_formulas_are_quoted(value):
    assert neutralise_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["居民意见", "", "-", 42, -3, None, "a=b"])
def test_other_cells_stay_as_they_are(value):
    assert neutralise_formula(value) == value


def test_csv_response_has_a_bom_a_filename_and_quoted_formulas():
    response = csv_response("report", [["标题", "内容"], ["一", "=1+1"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="report.csv"'
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["标题", "内容"], ["一", "'=1+1"]]


def test_xlsx_response_names_the_sheet_and_quotes_formulas():
    rows = [["标题", "内容"], ["一", "@SUM(A1)"]]
    response = spreadsheet_response("xlsx", "report", rows, title="评论", widths={"B": 80})
    assert response["Content-Disposition"] == 'attachment; filename="report.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "评论"
    assert sheet.column_dimensions["B"].width == 80
    assert list(sheet.values) == [("标题", "内容"), ("一", "'@SUM(A1)")]


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def test_every_snippet_list_export_is_safe():
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        if viewset.list_export not in (viewset.UNDEFINED, [], ()):
            assert issubclass(viewset.index_view_class, SafeExportMixin), model


def test_every_modeladmin_list_export_is_safe():
    for admin in _subclasses(ModelAdmin):
        exports = admin.list_export or admin.get_list_export is not ModelAdmin.get_list_export
        if exports and admin.__module__.startswith(("participation", "pages", "home")):
            assert issubclass(admin.index_view_class, SafeExportMixin), admin


def test_cells_are_written_for_staff():
    import datetime

    from participation.core.exports import spreadsheet_cell

    utc = datetime.datetime(2026, 11, 30, 16, 5, 42, 123456, tzinfo=datetime.UTC)
    assert spreadsheet_cell(utc) == "2026-12-01 00:05"
    assert spreadsheet_cell(utc, "xlsx") == datetime.datetime(2026, 12, 1, 0, 5)  # noqa: DTZ001 -- xlsx cells hold naive local times
    assert [spreadsheet_cell(True), spreadsheet_cell(False), spreadsheet_cell(None)] == [
        "是",
        "否",
        "",
    ]
