from wagtail.contrib.sitemaps import Sitemap

from participation.core.links import absolute_url


class SiteRootSitemap(Sitemap):
    """Wagtail's sitemap with every location under the site's configured root (Wagtail builds
    them from the Site record, whose hostname is localhost unless staff change it)."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["location"] = absolute_url(url["location"])
        return urls
