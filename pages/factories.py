"""Factories for the content pages, shared by the tests and the demo loader."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Collection

from pages import models


def publish_child(parent, page_factory, **fields):
    """A page built by ``page_factory``, added under ``parent`` and published through a revision.

    This is the editor's path (a revision, then publish), so numbering and search indexing
    happen as they do in the admin.
    """
    page = page_factory.build(**fields)
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


class DisclosureCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DisclosureCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"公开类别{n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    number_prefix = "居务"


class FeatureTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FeatureType
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"特色{n}")
    slug = factory.Sequence(lambda n: f"feature-{n}")


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.BlogIndexPage

    title = "社区博客"
    slug = "blog"


class BlogPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.BlogPage

    title = factory.Sequence(lambda n: f"议题{n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    summary = "社区党组织确定的议题，欢迎居民发表书面意见。"
    published_on = factory.LazyFunction(timezone.localdate)


class DisclosureIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.DisclosureIndexPage

    title = "党务、居务公开栏"
    slug = "disclosures"


class DisclosurePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.DisclosurePage

    title = factory.Sequence(lambda n: f"公开事项{n}")
    slug = factory.Sequence(lambda n: f"disclosure-{n}")
    category = factory.SubFactory(DisclosureCategoryFactory)
    valid_from = factory.LazyFunction(timezone.localdate)


class HearingIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.HearingIndexPage

    title = "听证会与恳谈会"
    slug = "hearings"


def _in_days(days, hour=19):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class HearingNoticePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.HearingNoticePage

    title = factory.Sequence(lambda n: f"听证会{n}")
    slug = factory.Sequence(lambda n: f"hearing-{n}")
    kind = models.HearingNoticePage.Kind.HEARING
    starts_at = factory.LazyFunction(lambda: _in_days(14))
    ends_at = factory.LazyAttribute(lambda notice: notice.starts_at + datetime.timedelta(hours=2))
    venue = "社区居委会二楼会议室"


class ShowcaseIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.ShowcaseIndexPage

    title = "特色创建"
    slug = "showcases"


class ShowcasePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.ShowcasePage

    title = factory.Sequence(lambda n: f"特色项目{n}")
    slug = factory.Sequence(lambda n: f"showcase-{n}")
    kind = models.ShowcasePage.Kind.PIONEER


PALETTE = ["#b3261e", "#26a269", "#1a5fb4", "#e5a50a", "#613583", "#63452c"]


class ImageFactory(wagtail_factories.ImageFactory):
    # wagtail-factories makes a new root-level collection per image, outside every group's
    # collection permissions: the images go to the root collection that the roles hold.
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"图片{n}")
    file = factory.django.ImageField(
        width=1200, height=800, color=factory.Sequence(lambda n: PALETTE[n % len(PALETTE)])
    )
