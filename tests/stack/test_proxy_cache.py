"""nginx keeps anonymous pages: a cookie-less visitor is answered without granian (X-Cache: HIT),
a visitor with a cookie always reaches the site, and a publish purges the page at once."""

import subprocess
import sys
import uuid
from http.client import HTTPSConnection

import pytest

from tests.stack.conftest import ROOT
from tests.stack.support import TLS

pytestmark = pytest.mark.stack

PUBLISH = """
from wagtail.models import Page, Site
home = Site.objects.get(is_default_site=True).root_page
pages = Page.objects.live().descendant_of(home, inclusive=True).specific()
page = next(p for p in pages if p.get_url_parts()[2] == {path!r})
page.title = {title!r}
page.save_revision().publish()
"""


def anonymous(
    port: int, path: str, cookie: str = "", host: str = "localhost"
) -> tuple[int, str, str]:
    """One request with no cookie at all (SiteClient always sends its CSRF cookie)."""
    headers = {"Host": f"{host}:{port}"}
    if cookie:
        headers["Cookie"] = cookie
    connection = HTTPSConnection("127.0.0.1", port, timeout=60, context=TLS)
    try:
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.headers.get("X-Cache", ""), answer.read().decode()
    finally:
        connection.close()


def topic_path(stack) -> str:
    """A page below a section (publishing a section purges everything, which proves less)."""
    return next(path for path in stack.seed["pages"] if path.count("/") == 3)


def test_nginx_serves_anonymous_pages_and_a_publish_purges_them(stack):
    path = topic_path(stack)
    anonymous(stack.port, path)
    status, cache, first = anonymous(stack.port, path)
    assert (status, cache) == (200, "HIT")
    assert anonymous(stack.port, path, cookie="x=1")[1] in ("BYPASS", "")
    assert anonymous(stack.port, path + "?page=2")[1] in ("BYPASS", "")

    title = f"代理缓存测试 {uuid.uuid4().hex[:6]}"
    env = {**stack.env, "PROXY_CACHE_PURGE_URL": stack.state["purge_url"]}
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PUBLISH.format(path=path, title=title)],
        env=env,
        cwd=ROOT,
        check=True,
    )
    status, cache, fresh = anonymous(stack.port, path)
    assert status == 200
    assert cache != "HIT"
    assert title in fresh
    assert title not in first
    assert anonymous(stack.port, path)[1] == "HIT"


OTHER_COMMUNITY = """
from wagtail.models import Page, Site
from home.models import HomePage
if not Site.objects.filter(hostname={host!r}).exists():
    home = Page.get_first_root_node().add_child(instance=HomePage(title={title!r}, slug={slug!r}))
    Site.objects.create(hostname={host!r}, port=443, root_page=home, site_name={title!r})
"""


def test_each_community_host_has_its_own_cached_copy_of_a_path(stack):
    """Communities share the server block: nginx keys its copies by host and path."""
    host, title = "proxy-cache-test.localhost", "代理缓存第二社区"
    code = OTHER_COMMUNITY.format(host=host, title=title, slug="proxy-cache-test")
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], env=stack.env, cwd=ROOT, check=True
    )
    anonymous(stack.port, "/")
    anonymous(stack.port, "/", host=host)
    status, cache, other = anonymous(stack.port, "/", host=host)
    assert (status, cache) == (200, "HIT")
    assert title in other
    status, cache, ours = anonymous(stack.port, "/")
    assert (status, cache) == (200, "HIT")
    assert title not in ours
