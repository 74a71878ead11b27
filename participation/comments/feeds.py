"""An RSS feed of a comments module's public comments (read through Comment.public)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from participation.comments.models import Comment, CommentsModule

FEED_LENGTH = 50


class ModuleCommentsFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, module_id):
        return get_object_or_404(CommentsModule.objects.select_related("page"), pk=module_id)

    def title(self, module):
        return _("《%(page)s》的居民意见") % {"page": module.page.title}

    def link(self, module):
        # Not the request: one Feed instance serves every thread, so it keeps no state.
        return module.page.url or "/"

    def description(self, module):
        return module.title

    def items(self, module):
        return (
            Comment.public.filter(module=module)
            .select_related("author__unit__building")
            .order_by("-created_at")[:FEED_LENGTH]
        )

    def item_title(self, comment):
        return str(comment.author_name)  # the feed generator escapes it

    def item_description(self, comment):
        return comment.body  # plain text, escaped by the feed generator

    def item_link(self, comment):
        return f"{self.link(comment.module)}#comment-{comment.pk}"

    def item_pubdate(self, comment):
        return comment.created_at
