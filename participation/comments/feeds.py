"""An RSS feed of a comments module's public comments (read through Comment.public)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from participation.comments.models import Comment, CommentsModule
from participation.comments.presentation import permalink, with_places
from participation.core.links import page_path
from participation.core.visibility import get_visible_or_404

FEED_LENGTH = 50


class ModuleCommentsFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, module_id):
        # Only the modules of pages this reader may view: others answer 404, as if absent.
        modules = CommentsModule.objects.select_related("page")
        return get_visible_or_404(modules, request.user, pk=module_id)

    def title(self, module):
        return _("《%(page)s》的居民意见") % {"page": module.page.title}

    def link(self, module):
        # Not the request: one Feed instance serves every thread, so it keeps no state.
        return page_path(module.page) or "/"

    def description(self, module):
        return module.title

    def items(self, module):
        comments = Comment.public.filter(module=module).select_related("author__unit__building")
        return with_places(comments).order_by("-created_at")[:FEED_LENGTH]

    def item_title(self, comment):
        return str(comment.author_name)  # the feed generator escapes it

    def item_description(self, comment):
        return comment.body  # plain text, escaped by the feed generator

    def item_link(self, comment):
        return permalink(comment, self.link(comment.module))

    def item_pubdate(self, comment):
        return comment.created_at
