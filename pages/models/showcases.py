"""Showcases (先锋楼、示范楼、一社一品): projects that volunteers write and reviewers approve."""

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from pages.models.base import ContentPage, SectionIndexPage
from pages.pagination import paginate, shared_listing_key
from pages.site_data import public
from participation.core.blocks import SubjectBlock
from participation.core.params import int_param
from participation.core.subjects import linked_subjects
from participation.residents.models import Building


def with_cover_renditions(showcases):
    """Showcases with their cover images and the images' renditions in two extra queries, so
    that no image asks the rendition cache or the database on its own."""
    images = get_image_model().objects.prefetch_related("renditions")
    return showcases.prefetch_related(Prefetch("cover_image", queryset=images))


class FeatureType(models.Model):
    """One of the featured-block kinds of the work plan (学习型 … 和谐型); editors order them."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    slug = models.SlugField(_("网址名"), max_length=30, unique=True)
    description = models.TextField(_("创建标准"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0, db_index=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("特色类型")
        verbose_name_plural = _("特色类型")

    def __str__(self):
        return self.name


class ShowcaseIndexPage(SectionIndexPage):
    """All showcases, filtered by kind, building and feature type."""

    subpage_types = ["pages.ShowcasePage"]

    class Meta:
        verbose_name = _("特色创建")

    def showcases(self, request=None):
        return (
            with_cover_renditions(public(ShowcasePage.objects.child_of(self).live(), request))
            .select_related("building", "feature_type")
            .order_by("-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        showcases = self.showcases(request)
        kind = request.GET.get("kind")
        kind = kind if kind in ShowcasePage.Kind.values else ""
        feature_types = list(FeatureType.objects.all())
        feature = next((f for f in feature_types if f.slug == request.GET.get("feature")), None)
        building_id = int_param(request.GET, "building", minimum=1)
        if kind:
            showcases = showcases.filter(kind=kind)
        if feature:
            showcases = showcases.filter(feature_type=feature)
        if building_id:
            showcases = showcases.filter(building_id=building_id)
        page = paginate(request, showcases)
        context.update(
            showcases=page,
            listing_key=shared_listing_key(
                request,
                kind=kind,
                feature=feature.slug if feature else "",
                building=building_id,
                page=page.number if "page" in request.GET else "",
            ),
            kinds=ShowcasePage.Kind.choices,
            feature_types=feature_types,
            buildings=Building.objects.filter(showcases__isnull=False).distinct(),
            current_kind=kind,
            current_feature=feature,
            current_building=building_id,
        )
        return context

    def feed_items(self, request):
        return self.showcases(request)


class ShowcasePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "pages.ShowcasePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ShowcasePage(ContentPage):
    """A project page: kind, building, feature type, team, gallery, before and after, story."""

    class Kind(models.TextChoices):
        PIONEER = "pioneer", _("先锋楼")
        MODEL = "model", _("示范楼")
        FEATURE = "feature", _("一社一品")

    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.PIONEER)
    building = models.ForeignKey(
        "participation_residents.Building",
        verbose_name=_("楼栋"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="showcases",
    )
    feature_type = models.ForeignKey(
        FeatureType,
        verbose_name=_("特色类型"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="showcases",
    )
    summary = models.TextField(_("摘要"), max_length=500, blank=True)
    team = models.TextField(_("团队"), blank=True, help_text=_("参与的党员和志愿者，每行一位。"))
    featured = models.BooleanField(_("首页推荐"), default=False)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    before_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("创建前"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    after_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("创建后"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(_("标签"), through=ShowcasePageTag, blank=True)
    subjects = StreamField(
        [("subject", SubjectBlock())],
        verbose_name=_("相关岗位和人员"),
        blank=True,
        help_text=_(
            "项目涉及的岗位和人员。人员只列出本人同意公开的；离岗或撤回同意后自动不再显示。"
        ),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("building"),
                FieldPanel("feature_type"),
                FieldPanel("featured"),
                FieldPanel("tags"),
            ],
            heading=_("分类"),
        ),
        FieldPanel("summary"),
        FieldPanel("team"),
        FieldPanel("subjects"),
        FieldPanel("cover_image"),
        FieldPanel("body", heading=_("故事")),
        InlinePanel("gallery_images", label=_("相册")),
        MultiFieldPanel(
            [FieldPanel("before_image"), FieldPanel("after_image")], heading=_("创建前后对比")
        ),
    ]
    search_text_fields = ("summary", "team")
    search_fields = ContentPage.search_fields + [
        index.FilterField("kind"),
        index.FilterField("featured"),
    ]
    api_fields = [
        "kind",
        "building",
        "feature_type",
        "summary",
        "team",
        "tags",
        "gallery_images",
        "before_image",
        "after_image",
        "body",
    ]
    parent_page_types = ["pages.ShowcaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("特色项目")
        verbose_name_plural = _("特色项目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        refs = (child.value for child in self.subjects)
        context["linked_subjects"] = linked_subjects(refs, request)
        return context

    def share_image(self):
        return self.cover_image

    def feed_categories(self) -> list[str]:
        return [str(self.get_kind_display()), *(tag.name for tag in self.tags.all())]


class ShowcaseGalleryImage(Orderable):
    page = ParentalKey(ShowcasePage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("图片"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("相册图片")
        verbose_name_plural = _("相册图片")
