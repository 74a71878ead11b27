"""The comments feed reads through Comment.public and escapes names and text."""

from django.urls import reverse

from participation.comments.models import Comment
from participation.core.staff import EDITORS
from participation.residents.factories import VerifiedResidentFactory


def test_feed_lists_only_public_comments_escaped(client, comments_module):
    author = VerifiedResidentFactory(display_name="<b>王</b>阿姨")
    Comment.objects.create(
        module=comments_module, author=author, body="公开的<script>意见</script>"
    )
    Comment.objects.create(module=comments_module, body="待审核的意见", state="pending")
    Comment.objects.create(module=comments_module, body="被隐藏的意见", state="hidden")
    response = client.get(reverse("participation_comments:feed", args=[comments_module.pk]))
    xml = response.content.decode()
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "公开的&lt;script&gt;意见&lt;/script&gt;" in xml
    assert "<script>" not in xml
    assert "&lt;**" in xml  # the masked display name, escaped
    assert "待审核的意见" not in xml
    assert "被隐藏的意见" not in xml


def test_feed_refuses_posts(client, comments_module):
    response = client.post(reverse("participation_comments:feed", args=[comments_module.pk]))
    assert response.status_code == 405


def test_feed_of_a_page_one_may_not_view_is_a_404_with_nothing_in_it(client, home_page):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from participation.comments.models import CommentsModule
    from participation.core.counts import contribution_counts

    page = home_page.add_child(instance=type(home_page)(title="内部事务", slug="internal"))
    comments_module = CommentsModule.objects.create(page=page, title="内部意见")
    Comment.objects.create(module=comments_module, body="只给编辑看的意见")
    url = reverse("participation_comments:feed", args=[comments_module.pk])
    editors, _created = Group.objects.get_or_create(name=EDITORS)
    editor, resident = VerifiedResidentFactory(), VerifiedResidentFactory()
    editor.groups.add(editors)

    def feed(user=None):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert page.title not in response.text
        assert "只给编辑看的意见" not in response.text
        return response.status_code

    login = PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert feed() == 404
    assert contribution_counts([page]) == {}  # listings are public: nothing counted
    client.force_login(resident)
    assert "只给编辑看的意见" in client.get(url).text  # signed in, the resident may read it
    login.delete()
    staff_only = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    staff_only.groups.add(editors)
    assert (feed(), feed(resident)) == (404, 404)
    client.force_login(editor)
    assert "只给编辑看的意见" in client.get(url).text
    staff_only.delete()
    page.unpublish()
    assert (feed(), feed(editor)) == (404, 404)
