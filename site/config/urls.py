from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home.sitemaps import SiteRootSitemap
from home.views import favicon
from pages import views as pages_views
from pages.api import api_router
from participation.core import urls as participation_urls
from participation.core.api import plugin_api_urlpatterns

# allauth's rate limits answer through this (allauth.core.internal.ratelimit.respond_429).
handler429 = "participation.residents.views.too_many_requests"
# Refusals are pages in the site's layout that say why and what to do (participation.core.refusals).
handler400 = "participation.core.refusals.bad_request"
handler403 = "participation.core.refusals.permission_denied"
handler404 = "participation.core.refusals.page_not_found"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/v2/", include(plugin_api_urlpatterns())),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": SiteRootSitemap}}, name="sitemap"),
    path("favicon.ico", favicon, name="favicon"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages: Chinese at /, English under /en/, so each language's pages stay cacheable.
# Participation plugins come after the core URLs and before Wagtail's catch-all.
urlpatterns += i18n_patterns(
    path("participate/", include(participation_urls)),
    path("search/", pages_views.search, name="search"),
    path("outcomes/rss/", pages_views.outcomes_rss, name="outcomes_rss"),
    path("p/<int:page_id>/", pages_views.page_link, name="page_link"),
    path("p/<int:page_id>/poster/", pages_views.poster, name="poster"),
    path("open-data/", pages_views.open_data, name="open_data"),
    path(
        "open-data/<slug:dataset>-<int:year>.<str:fmt>",
        pages_views.open_data_download,
        name="open_data_download",
    ),
    path(
        "d/<slug:category>-<int:year>-<int:serial>/",
        pages_views.disclosure_link,
        name="disclosure_link",
    ),
    path("outcomes/atom/", pages_views.outcomes_atom, name="outcomes_atom"),
    path("accounts/", include("participation.residents.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
