"""Staff of one community among several, and the district's read-only role, for the tests of
issue 16's admin: community A is the default site, community B a second site."""

from django.contrib.auth.models import Permission

from pages import roles
from participation.core.staff import community_group_name
from participation.residents.models import User


def community_staff(site, role=roles.EDITORS, username=None, permissions=()):
    """A member of ``role``'s group of the community ``site`` (the groups are created as needed),
    also holding ``permissions`` (``"app_label.codename"``) through that group."""
    groups = roles.create_community_groups(site)
    group = groups[role]
    for name in permissions:
        app_label, codename = name.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    username = username or f"{role}-{site.pk}"
    user = User.objects.create_user(username, f"{site.pk}-{username}@example.com", "pw")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)
    assert community_group_name(role, site) == group.name
    return user


def district_user(username="district", permissions=()):
    """A member of the district's read-only group, also holding ``permissions`` directly."""
    user = User.objects.create_user(username, f"{username}@example.com", "pw", is_staff=True)
    user.groups.add(roles.create_district_group())
    for name in permissions:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def superuser():
    return User.objects.create_superuser("boss", "boss@example.com", "pw")


def _body(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:  # a CSV export
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def shows(client, url, *texts) -> bool:
    """Whether the page (or export) at ``url`` shows every one of ``texts``."""
    body = _body(client, url)
    return all(text in body for text in texts)


def shows_none(client, url, *texts) -> bool:
    body = _body(client, url)
    return not any(text in body for text in texts)


def form_data(client, url):
    """The fields of the admin form that posts to ``url``, as the browser would send them."""
    from wagtail.test.utils.form_data import _querydict_from_form
    from wagtail.test.utils.wagtail_tests import WagtailTestUtils

    soup = WagtailTestUtils.get_soup(client.get(url).content.decode())
    form = next(form for form in soup.find_all("form") if form.get("action") in (url, ""))
    return _querydict_from_form(form, exclude_csrf=True)
