"""The comments feed reads through Comment.public and escapes names and text."""

from django.urls import reverse

from participation.comments.models import Comment
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
    assert "公开的&lt;script&gt;意见&lt;/script&gt;" in xml and "<script>" not in xml
    assert "&lt;**" in xml  # the masked display name, escaped
    assert "待审核的意见" not in xml and "被隐藏的意见" not in xml


def test_feed_refuses_posts(client, comments_module):
    response = client.post(reverse("participation_comments:feed", args=[comments_module.pk]))
    assert response.status_code == 405
