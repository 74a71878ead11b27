"""The read-only API (Wagtail's API v2) at /api/v2/: pages, images and documents, public only.

Everything it returns is what an anonymous visitor may see: live pages outside every view
restriction (whoever asks: a resident's session does not widen it), and only the images and
documents those pages use, outside restricted collections. Images and documents waiting on a
draft or a private page stay unlisted. Rate limited per client address; readable from any
origin (CORS), since it is all public.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField
from django.db.models.functions import Cast
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex

from participation.core.api import PublicReadMixin


class PublicPagesAPIViewSet(PublicReadMixin, PagesAPIViewSet):
    def get_base_queryset(self):
        return super().get_base_queryset().public()


def used_on_public_pages(queryset, request):
    """``queryset`` (images or documents) narrowed to what live public pages of the request's
    site refer to, by Wagtail's reference index."""
    pages = PublicPagesAPIViewSet(request=request).get_base_queryset()
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages.annotate(key=Cast("pk", CharField())).values("key"),
        to_content_type=ContentType.objects.get_for_model(queryset.model),
    ).annotate(target=Cast("to_object_id", IntegerField()))
    return queryset.filter(pk__in=references.values("target"))


class PublicImagesAPIViewSet(PublicReadMixin, ImagesAPIViewSet):
    def get_queryset(self):
        return used_on_public_pages(super().get_queryset(), self.request)


class PublicDocumentsAPIViewSet(PublicReadMixin, DocumentsAPIViewSet):
    def get_queryset(self):
        return used_on_public_pages(super().get_queryset(), self.request)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
