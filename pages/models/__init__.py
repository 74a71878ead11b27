"""Content page types, one module per family (blog, disclosures, notices, showcases)."""

from pages.models.blog import BlogIndexPage, BlogPage, BlogPageTag
from pages.models.disclosures import (
    DisclosureAttachment,
    DisclosureCategory,
    DisclosureCounter,
    DisclosureIndexPage,
    DisclosurePage,
)
from pages.models.notices import HearingIndexPage, HearingNoticePage
from pages.models.showcases import (
    FeatureType,
    ShowcaseGalleryImage,
    ShowcaseIndexPage,
    ShowcasePage,
    ShowcasePageTag,
)

__all__ = [
    "BlogIndexPage",
    "BlogPage",
    "BlogPageTag",
    "DisclosureAttachment",
    "DisclosureCategory",
    "DisclosureCounter",
    "DisclosureIndexPage",
    "DisclosurePage",
    "FeatureType",
    "HearingIndexPage",
    "HearingNoticePage",
    "ShowcaseGalleryImage",
    "ShowcaseIndexPage",
    "ShowcasePage",
    "ShowcasePageTag",
]
