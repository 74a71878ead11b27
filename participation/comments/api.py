"""Public comments in the read-only API (/api/v2/comments/): what the pages show, as the
pages show it: published comments on pages anyone may view, each with the author's public name
(building and masked name), never the account, the unit or a contact."""

from rest_framework import serializers

from participation.comments.models import Comment
from participation.core.api import PluginListView
from participation.core.links import absolute_url
from participation.core.models import Module
from participation.core.params import int_param


class CommentSerializer(serializers.ModelSerializer):
    page = serializers.IntegerField(source="module.page_id")
    page_url = serializers.SerializerMethodField()
    author = serializers.CharField(source="author_name")
    official = serializers.BooleanField(source="is_official")

    class Meta:
        model = Comment
        fields = ["id", "page", "page_url", "parent", "author", "official", "body", "created_at"]

    def get_page_url(self, comment) -> str:
        return absolute_url(comment.module.page)


class CommentsView(PluginListView):
    """Newest first; ``?page_id=<id>`` for one page's thread."""

    plugin_label = "participation_comments"
    serializer_class = CommentSerializer

    def get_queryset(self):
        visible = Module.objects.of_community(self.community).visible_to(None).values("pk")
        comments = Comment.public.filter(module__in=visible)
        page_id = int_param(self.request.query_params, "page_id", minimum=1)
        if page_id:
            comments = comments.filter(module__page_id=page_id)
        return comments.select_related("module__page", "author__unit__building").order_by(
            "-created_at", "-pk"
        )
