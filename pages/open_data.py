"""Open data: public datasets as CSV and JSON, one file per year, streamed in constant memory.

The pages offer the disclosure register; plugins add theirs through
``PluginConfig.open_data_sets`` (the ballots plugin: certified results). Each dataset's fields
are a stable schema (docs/open-data.md): new fields may be added at the end, none is renamed or
removed without a new ``SCHEMA_VERSION``. Public data of the request's site only.
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
from plugins import OpenDataSet
from plugins.registry import installed_plugins
from plugins.switches import is_enabled

SCHEMA_VERSION = 1
CHUNK = 2000
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def site_root(request):
    prime_request(request)
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return site.root_page


def _register_items(request):
    """The site's live public disclosures, oldest first."""
    items = public(DisclosurePage.objects.live(), request).descendant_of(site_root(request))
    return items.order_by("first_published_at", "pk")


def _register_years(request) -> list[int]:
    dates = _register_items(request).dates("first_published_at", "year", order="DESC")
    return [day.year for day in dates]


def _register_rows(request, year: int):
    """One dict per item first published in ``year`` (site time), read in chunks."""
    root = site_root(request)
    rows = (
        _register_items(request)
        .filter(first_published_at__year=year)
        .values_list(
            "number",
            "title",
            "category__name",
            "first_published_at",
            "valid_from",
            "valid_until",
            "url_path",
        )
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


DISCLOSURE_REGISTER = OpenDataSet(
    slug="disclosures",
    title=_("公开事项登记册"),
    fields=(
        ("number", _("编号，例如 居务〔2026〕7号")),
        ("title", _("标题")),
        ("category", _("类别")),
        ("published", _("首次发布日期（YYYY-MM-DD）")),
        ("valid_from", _("有效期开始日期")),
        ("valid_until", _("有效期结束日期；长期有效时为空")),
        ("url", _("公开事项网页的地址")),
    ),
    years=_register_years,
    rows=_register_rows,
)


def datasets(request) -> list[OpenDataSet]:
    """The pages' register, then each plugin's datasets where it is switched on."""
    found = [DISCLOSURE_REGISTER]
    for plugin in installed_plugins():
        if plugin.provides("open_data_sets") and is_enabled(plugin.label, request=request):
            found += plugin.open_data_sets()
    return found


class _Echo:
    """A file that hands back what is written, so csv.writer can feed a stream."""

    def write(self, value):
        return value


def csv_stream(names, rows):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel reads UTF-8 (Chinese) only after this mark
    yield writer.writerow(names)
    for row in rows:
        yield writer.writerow(["" if row[name] is None else row[name] for name in names])


def json_stream(meta: dict, rows):
    opening = json.dumps(meta, ensure_ascii=False)
    yield opening[:-1] + ', "items": ['
    for position, row in enumerate(rows):
        yield ("," if position else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"


def download(request, slug: str, year: int, fmt: str):
    dataset = next((found for found in datasets(request) if found.slug == slug), None)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    info = CommunityInfo.for_request(request)
    rows = dataset.rows(request, year)
    if fmt == "csv":
        content = csv_stream(dataset.field_names, rows)
    else:
        meta = {
            "schema_version": SCHEMA_VERSION,
            "dataset": slug,
            "year": year,
            "publisher": info.name,
            "licence": info.open_data_licence,
            "licence_url": info.open_data_licence_url,
            "fields": list(dataset.field_names),
        }
        content = json_stream(meta, rows)
    response = StreamingHttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slug}-{year}.{fmt}"'
    if info.open_data_licence_url:
        response["Link"] = f'<{info.open_data_licence_url}>; rel="license"'
    return response
