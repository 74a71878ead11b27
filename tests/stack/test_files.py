"""nginx serves static files and public images itself; protected files only through the site's
permission check, handed back to nginx with X-Accel-Redirect."""

import json

import pytest

pytestmark = pytest.mark.stack


def test_static_files_come_from_nginx_with_their_hashed_names(stack):
    manifest = (stack.var / "site" / "static" / "staticfiles.json").read_text()
    hashed = next(name for name in json.loads(manifest)["paths"].values() if name.endswith(".css"))
    response = stack.client().get(f"/static/{hashed}")
    assert response.status == 200
    assert "Expires" in response.headers


def test_an_opinion_attachment_is_never_served_from_media(stack):
    path = stack.seed["attachment"]["path"]
    assert (stack.var / "site" / "media" / path).exists()
    client = stack.client(stack.seed["attachment"]["author"])
    assert client.get(f"/media/{path}").status == 404
    assert client.get(f"/_protected/{path}").status == 404  # nginx's internal location


def test_its_author_gets_it_through_the_permission_check(stack):
    attachment = stack.seed["attachment"]
    response = stack.client(attachment["author"]).get(attachment["url"])
    assert response.status == 200
    assert response.body == bytes.fromhex(attachment["bytes"])
    assert response.headers["Content-Disposition"].startswith("attachment")
    # Headers of nginx's internal location: the bytes came from nginx, not from Django.
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "X-Accel-Redirect" not in response.headers


def test_anyone_else_is_refused(stack):
    attachment = stack.seed["attachment"]
    assert stack.client(attachment["stranger"]).get(attachment["url"]).status in (403, 404)
    anonymous = stack.client().get(attachment["url"])
    assert anonymous.status == 302
    assert "/accounts/login/" in anonymous.headers["Location"]
