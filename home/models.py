"""The home page and the community's contact details shown in every footer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from pages.blocks import BaseStreamBlock
from pages.models.base import CachedPrivacyMixin
from pages.site_data import cached_route, remember_route


class HomePage(CachedPrivacyMixin, Page):
    """A community's front page, the root of its Wagtail site and of every section (one home
    page per community; an installation may run many)."""

    intro = models.TextField(_("简介"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = ["intro", "body"]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.BlogIndexPage",
        "pages.DisclosureIndexPage",
        "pages.HearingIndexPage",
        "pages.ShowcaseIndexPage",
    ]

    class Meta:
        verbose_name = _("首页")

    def route(self, request, path_components):
        """Wagtail's routing (two queries per level: the child, then its specific page) with
        where it ended remembered under the site content version: one query for the page."""
        known = cached_route(request, self, path_components)
        if known is not None:
            return known
        result = super().route(request, path_components)
        remember_route(request, self, path_components, result.page)
        return result


@register_setting(icon="site")
class CommunityInfo(BaseSiteSetting):
    """Contact details of the residents' committee, shown in the footer of every page."""

    name = models.CharField(_("社区名称"), max_length=100, default="柳背桥社区")
    address = models.CharField(_("地址"), max_length=200, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    open_data_licence = models.CharField(
        _("开放数据许可"),
        max_length=200,
        default="CC BY 4.0",
        help_text=_("下载的公开数据采用的许可，例如 CC BY 4.0；随每份下载一同发布。"),
    )
    open_data_licence_url = models.URLField(
        _("许可全文链接"), blank=True, default="https://creativecommons.org/licenses/by/4.0/"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("office_hours"),
        FieldPanel("phone"),
        FieldPanel("open_data_licence"),
        FieldPanel("open_data_licence_url"),
    ]

    class Meta:
        verbose_name = _("社区信息")


class DistrictHomePage(CachedPrivacyMixin, Page):
    """The front page of a district's overview site (街道、区): every community on this
    installation with its latest disclosures and its open participation. Public, read-only;
    it lies beside the communities' home pages, under the tree's root, on a site of its own."""

    intro = models.TextField(_("简介"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = ["intro"]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = []

    class Meta:
        verbose_name = _("街道总览页")

    def get_context(self, request, *args, **kwargs):
        from home.district import community_overviews  # district imports this module's models

        context = super().get_context(request, *args, **kwargs)
        context["communities"] = community_overviews(request)
        return context
