"""Open data: the disclosure register as CSV and JSON, per year, streamed in constant memory.

The columns are a stable schema (docs/open-data.md): new columns may be added at the end, none
is renamed or removed without a new ``SCHEMA_VERSION``. Live public items of the request's site
only, the same as its board shows.
"""

import csv
import json

from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from home.models import CommunityInfo
from pages.models import DisclosurePage
from pages.site_data import prime_request, public
from participation.core.links import absolute_url

SCHEMA_VERSION = 1
FIELDS = ("number", "title", "category", "published", "valid_from", "valid_until", "url")
FIELD_NOTES = (
    ("number", _("编号，例如 居务〔2026〕7号")),
    ("title", _("标题")),
    ("category", _("类别")),
    ("published", _("首次发布日期（YYYY-MM-DD）")),
    ("valid_from", _("有效期开始日期")),
    ("valid_until", _("有效期结束日期；长期有效时为空")),
    ("url", _("公开事项网页的地址")),
)
CHUNK = 2000
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def register_items(request):
    """The site's live public disclosures, oldest first."""
    prime_request(request)
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    items = public(DisclosurePage.objects.live(), request).descendant_of(site.root_page)
    return site.root_page, items.order_by("first_published_at", "pk")


def register_years(request) -> list[int]:
    _root, items = register_items(request)
    return [day.year for day in items.dates("first_published_at", "year", order="DESC")]


def register_rows(request, year: int):
    """One dict per item of ``year`` (by first publication, site time), read in chunks."""
    root, items = register_items(request)
    rows = items.filter(first_published_at__year=year).values_list(
        "number",
        "title",
        "category__name",
        "first_published_at",
        "valid_from",
        "valid_until",
        "url_path",
    )
    for number, title, category, published, valid_from, valid_until, url_path in rows.iterator(
        chunk_size=CHUNK
    ):
        yield {
            "number": number,
            "title": title,
            "category": category,
            "published": timezone.localtime(published).date().isoformat(),
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
            "url": absolute_url(url_path[len(root.url_path) - 1 :]),
        }


class _Echo:
    """A file that hands back what is written, so csv.writer can feed a stream."""

    def write(self, value):
        return value


def csv_stream(rows):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel reads UTF-8 (Chinese) only after this mark
    yield writer.writerow(FIELDS)
    for row in rows:
        yield writer.writerow(["" if row[name] is None else row[name] for name in FIELDS])


def json_stream(meta: dict, rows):
    opening = json.dumps(meta, ensure_ascii=False)
    yield opening[:-1] + ', "items": ['
    for position, row in enumerate(rows):
        yield ("," if position else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"


def disclosure_register(request, year: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    info = CommunityInfo.for_request(request)
    rows = register_rows(request, year)
    if fmt == "csv":
        content = csv_stream(rows)
    else:
        meta = {
            "schema_version": SCHEMA_VERSION,
            "dataset": "disclosure-register",
            "year": year,
            "publisher": info.name,
            "licence": info.open_data_licence,
            "licence_url": info.open_data_licence_url,
            "fields": list(FIELDS),
        }
        content = json_stream(meta, rows)
    response = StreamingHttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="disclosures-{year}.{fmt}"'
    if info.open_data_licence_url:
        response["Link"] = f'<{info.open_data_licence_url}>; rel="license"'
    return response
