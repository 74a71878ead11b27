"""The comments demo loader: attaches comments to blog topics that exist, skips the others."""

from wagtail.models import Page

from home.models import HomePage
from participation.comments import demo
from participation.comments.models import Comment, CommentsModule
from participation.residents.factories import UserFactory, VerifiedResidentFactory


def test_loader_attaches_comments_and_an_official_reply_and_is_idempotent(home_page):
    blog = home_page.add_child(instance=Page(title="社区博客", slug="blog"))
    topic = blog.add_child(instance=HomePage(title="绿地改造", slug="green-space-renovation"))
    VerifiedResidentFactory(username="resident", display_name="王阿姨")
    VerifiedResidentFactory(username="representative", display_name="李代表")
    UserFactory(username="editor", display_name="社区编辑小刘", is_staff=True)

    demo.load()  # parking-motion does not exist here: skipped
    demo.load()

    module = CommentsModule.objects.get()
    assert module.page_id == topic.pk
    assert Comment.objects.filter(module=module, parent=None).count() == 3
    official = Comment.objects.get(is_official=True)
    assert official.parent is not None
    assert official.author.username == "editor"
    topic.refresh_from_db()
    embedded = [b for b in topic.specific.body if b.block_type == "participation"]
    assert len(embedded) == 1
    assert Comment.objects.count() == 4


def test_loader_does_nothing_without_blog_topics(db):
    demo.load()
    assert not CommentsModule.objects.exists()
