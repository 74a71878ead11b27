"""Staff spreadsheet exports (CSV and Excel), the one way every plugin writes them.

Residents write the text that staff export, and spreadsheet programs run a cell that starts with
``=``, ``+``, ``-`` or ``@`` as a formula: every exported cell goes through ``neutralise_formula``,
whether the rows are built by hand (``spreadsheet_response``) or by Wagtail's ``list_export``
(the index views below).
"""

import csv

from django.http import HttpResponse
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail_modeladmin.views import IndexView as ModelAdminIndexView

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # so that Excel opens UTF-8 Chinese text correctly
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def neutralise_formula(value):
    """Quote a text cell that a spreadsheet program would run as a formula.

    A lone sign (a ``-`` placeholder) is not a formula and stays as it is.
    """
    if isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe(rows):
    return [[neutralise_formula(cell) for cell in row] for row in rows]


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
    for row in _safe(rows):
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
    its Excel output only; this guards every format and starts the CSV with a BOM."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value)

    def stream_csv(self, queryset):
        yield BOM.encode()
        yield from super().stream_csv(queryset)


class ExportIndexView(SafeExportMixin, ModelAdminIndexView):
    """The index view of every wagtail-modeladmin ``ModelAdmin`` that has a ``list_export``."""


class SnippetExportIndexView(SafeExportMixin, SnippetIndexView):
    """The index view of every ``SnippetViewSet`` that has a ``list_export``."""
