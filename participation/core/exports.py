"""Staff spreadsheet exports (CSV and Excel), the one way every plugin writes them.

Residents write the text that staff export, and spreadsheet programs run a cell that starts with
``=``, ``+``, ``-`` or ``@`` as a formula: every exported cell goes through ``neutralise_formula``,
whether the rows are built by hand (``spreadsheet_response``) or by Wagtail's ``list_export``
(the index views below).

Staff read the sheets, so every cell is written for them (``spreadsheet_cell``): choices by their
label, yes/no in words, times in the site's time zone to the minute, nothing as ``None``.
"""

import csv
import datetime
import decimal

from django.http import HttpResponse
from django.utils import timezone
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from participation.core.access_log import record_access
from participation.core.admin_tools import StaffIndexView, yes_no

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # so that Excel opens UTF-8 Chinese text correctly
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise_formula(value):
    """Quote a text cell that a spreadsheet program would run as a formula.

    A lone sign (a ``-`` placeholder) is not a formula and stays as it is.
    """
    if isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_cell(value, fmt="csv"):
    """``value`` as staff should read it in a ``csv`` or ``xlsx`` cell.

    Times are local (Asia/Shanghai) to the minute: text in CSV, a date-time without a zone in
    Excel (which has none). Formulas are quoted.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.replace(second=0, microsecond=0, tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M") if fmt == "csv" else value
    if isinstance(value, datetime.date):
        return value.isoformat() if fmt == "csv" else value
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    if not isinstance(value, (str, int, float, decimal.Decimal)):
        value = str(value)  # a model instance, a lazy translation
    return neutralise_formula(value)


def _safe(rows, fmt="csv"):
    return [[spreadsheet_cell(cell, fmt) for cell in row] for row in rows]


def csv_response(filename, rows):
    """A CSV attachment (UTF-8 with a BOM) of ``rows``, a list of lists of cells."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write(BOM)
    csv.writer(response).writerows(_safe(rows))
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename, rows, title=None, widths=None):
    """An Excel attachment of ``rows``; ``widths`` maps column letters to widths."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.title = str(title)
    for row in _safe(rows, "xlsx"):
        sheet.append(row)
    for letter, width in (widths or {}).items():
        sheet.column_dimensions[letter].width = width
    response = HttpResponse(content_type=XLSX_TYPE)
    workbook.save(response)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def spreadsheet_response(fmt, filename, rows, title=None, widths=None):
    """``rows`` (the header first) as a ``csv`` or ``xlsx`` attachment named ``filename``."""
    if fmt == "csv":
        return csv_response(filename, rows)
    return xlsx_response(filename, rows, title=title, widths=widths)


class SafeExportMixin:
    """For Wagtail's ``SpreadsheetExportMixin`` views (``list_export``): Wagtail guards formulas in
    its Excel output only, writes stored choice values, ``True`` and UTC times; this writes every
    cell through ``spreadsheet_cell`` (choices by label) and starts the CSV with a BOM."""

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for field in (name for name in row if "." not in name):
            # Django's display method of a field with choices: the label staff know.
            display = getattr(item, f"get_{field}_display", None)
            raw = getattr(item, field, "")
            if callable(display):
                row[field] = display()
            elif raw is None or isinstance(raw, bool):
                row[field] = raw  # modeladmin would have written its "-" for False and None
        return row

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_cell(value, export_format)

    def stream_csv(self, queryset):
        yield BOM.encode()
        yield from super().stream_csv(queryset)

    access_log_what = None
    """What the access log calls this export, when it holds residents' personal data."""
    access_log_subject = "pk"
    """The field that holds the id of the resident a row concerns."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """Every export of residents' personal data is recorded here, whoever's list it is."""
        if self.access_log_what:
            field = self.access_log_subject
            subjects = list(queryset.values_list(field, flat=True)) if field else []
            record_access(
                self.request,
                self.access_log_what,
                records=len(subjects) if field else queryset.count(),
                subjects=subjects,
                action="export",
            )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class ExportIndexView(SafeExportMixin, StaffIndexView):
    """The index view of every wagtail-modeladmin ``ModelAdmin`` that has a ``list_export``;
    the ``ModelAdmin`` may name column headings in ``export_headings``."""

    @property
    def export_headings(self):
        return getattr(self.model_admin, "export_headings", {})

    @property
    def access_log_what(self):
        return self.model_admin.access_log_what

    @property
    def access_log_subject(self):
        return self.model_admin.access_log_subject


class SnippetExportIndexView(SafeExportMixin, SnippetIndexView):
    """The index view of every ``SnippetViewSet`` that has a ``list_export``."""
