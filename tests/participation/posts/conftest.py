from datetime import time, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from participation.posts import services
from participation.posts.models import DutyDay, Post
from participation.residents.factories import UserFactory, VerifiedResidentFactory


def make_post(**fields):
    values = {
        "name": "治安巡逻岗",
        "slug": "patrol",
        "description": "协助社区做好治安巡逻。",
        "duties": "夜间巡逻\n发现隐患及时报告",
        "area": "各楼栋",
        "places": 2,
    }
    values.update(fields)
    return Post.objects.create(**values)


def make_duty(post, days=3, **fields):
    values = {
        "date": timezone.localdate() + timedelta(days=days),
        "starts_at": time(19, 0),
        "ends_at": time(21, 30),
        "places": 2,
    }
    values.update(fields)
    return DutyDay.objects.create(post=post, **values)


def holder_of(post, **fields):
    """A verified resident approved on ``post``."""
    person = VerifiedResidentFactory(**fields)
    application = services.apply(person, post, "会开巡逻车", show_name=True)
    services.decide(application.pk, None, approve=True)
    return person


def staff_with(*codenames):
    """A staff member who may enter the admin, with only the posts permissions named."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="participation_posts", codename__in=codenames
        ),
    )
    return user


@pytest.fixture
def post(db):
    return make_post()


@pytest.fixture
def resident(db):
    return VerifiedResidentFactory()


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)
