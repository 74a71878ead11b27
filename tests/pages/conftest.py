import pytest

from pages import factories, roles


@pytest.fixture
def blog_index(home_page):
    return factories.publish_child(home_page, factories.BlogIndexPageFactory)


@pytest.fixture
def disclosure_index(home_page):
    return factories.publish_child(home_page, factories.DisclosureIndexPageFactory)


@pytest.fixture
def hearing_index(home_page):
    return factories.publish_child(home_page, factories.HearingIndexPageFactory)


@pytest.fixture
def showcase_index(home_page):
    return factories.publish_child(home_page, factories.ShowcaseIndexPageFactory)


@pytest.fixture
def category(db):
    from pages.models import DisclosureCategory

    return DisclosureCategory.objects.get(slug="residents-affairs")


@pytest.fixture
def admin_user(db):
    from participation.residents.models import User

    return User.objects.create_superuser("boss", "boss@example.com", "pw")


def user_in_group(username, group_name):
    from django.contrib.auth.models import Group

    from participation.residents.models import User

    user = User.objects.create_user(username, f"{username}@example.com", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return user_in_group("editor1", roles.EDITORS)


@pytest.fixture
def reviewer(db):
    return user_in_group("reviewer1", roles.REVIEWERS)


@pytest.fixture
def volunteer(db):
    return user_in_group("volunteer1", roles.VOLUNTEERS)


def edit_form(client, page):
    """The admin edit form of ``page`` as the browser would post it."""
    from django.urls import reverse
    from wagtail.test.utils.form_data import querydict_from_html

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return querydict_from_html(response.text, form_id="page-edit-form")


def post_edit(client, page, publish=False, **changes):
    from django.urls import reverse

    data = edit_form(client, page)
    # StreamFields are drawn by JavaScript; these pages' bodies (and a showcase's links) are
    # empty in the tests.
    data.setdefault("body-count", "0")
    data.setdefault("subjects-count", "0")
    for name, value in changes.items():
        data[name] = value
    if publish:
        data["action-publish"] = "action-publish"
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
