"""Every refusal is a page in the site's layout, in the user's language, saying why and what to
do; GET on a POST-only URL leads back to the page the form belongs to."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from participation.comments import services as comments
from participation.core.refusals import permission_denied
from participation.residents.factories import VerifiedResidentFactory
from tests.participation.residents.conftest import *  # noqa: F403 -- shared fixtures by design

LAYOUT = 'class="site-header"'
LANGUAGES = [("", "zh-hans"), ("/en", "en")]


def assert_refusal_page(response, status, text):
    assert response.status_code == status
    html = response.content.decode()
    assert LAYOUT in html, html[:2000]
    assert text in html, html[:2000]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "text"),
    [("", "请检查网址，或者用页面上方的搜索框查找。"), ("/en", "Check the address")],
)
def test_404_is_a_page_that_says_what_to_do(client, prefix, text):
    assert_refusal_page(client.get(f"{prefix}/no-such-page/"), 404, text)


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "text"), [("", "只能删除自己的评论。"), ("/en", "your own")])
def test_403_keeps_the_reason_meant_for_the_user(client, comments_module, resident, prefix, text):
    comment = comments.post_comment(resident, comments_module, "楼道灯坏了，请尽快修理。")
    client.force_login(VerifiedResidentFactory())
    url = prefix + reverse("participation_comments:delete", args=[comment.pk])
    assert_refusal_page(client.get(url), 403, text)


@pytest.mark.django_db
def test_403_hides_internal_reasons(rf, unverified):
    request = rf.get("/")
    request.user = unverified
    response = permission_denied(request, PermissionDenied("internal: rule xyz failed"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "internal" not in html
    assert "您没有权限查看这个页面或进行这项操作。" in html


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "text"), [("", "刷新后再试一次"), ("/en", "reload the page")])
def test_400_is_a_page_that_says_what_to_do(client, prefix, text, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    response = client.post(f"{prefix}/accounts/login/", {"a": 1, "b": 2, "c": 3})
    assert_refusal_page(response, 400, text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "text"), [("", "只接收页面上的表单提交"), ("/en", "only receives")]
)
def test_405_is_a_page_not_an_empty_answer(client, unverified, prefix, text):
    client.force_login(unverified)
    response = client.put(f"{prefix}/accounts/profile/")
    assert_refusal_page(response, 405, text)
    assert "GET" in response["Allow"]


@pytest.mark.parametrize(("language", "text"), [("zh-hans", "服务器出错了"), ("en", "went wrong")])
def test_500_speaks_the_request_language(language, text):
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert text in response.content.decode()
    assert LAYOUT in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_get_on_a_post_only_url_leads_back_to_the_form(client, comments_module, resident, prefix):
    """A reload, or a language switch on a form-error page, lands on the comment form."""
    client.force_login(resident)
    url = prefix + reverse("participation_comments:post", args=[comments_module.pk])
    response = client.get(url)
    assert response.status_code == 302
    with translation.override("en" if prefix else "zh-hans"):
        page_url = comments_module.page.url
    assert response["Location"] == f"{page_url}#comments-{comments_module.pk}"


@pytest.mark.django_db
def test_get_on_a_post_only_url_of_a_hidden_module_is_404(client, comments_module, resident):
    comments_module.page.unpublish()
    client.force_login(resident)
    url = reverse("participation_comments:post", args=[comments_module.pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_other_methods_on_a_post_only_url_get_the_405_page(client, comments_module, resident):
    client.force_login(resident)
    url = reverse("participation_comments:post", args=[comments_module.pk])
    assert_refusal_page(client.delete(url), 405, "只接收页面上的表单提交")
