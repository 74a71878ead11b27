from datetime import timedelta

import pytest
from django.utils import timezone

from home.models import HomePage
from participation.core.embedding import embed_module
from participation.hearings.models import Hearing
from participation.residents.factories import (
    RepresentativeFactory,
    UserFactory,
    VerifiedResidentFactory,
)


def add_page(parent, title, slug):
    """A plain page with a ``body`` StreamField (the notice page type lives in another app)."""
    return parent.add_child(instance=HomePage(title=title, slug=slug))


@pytest.fixture
def notice_page(home_page):
    section = add_page(home_page, "听证会", "hearings")
    return add_page(section, "关于小区停车管理的听证会", "parking-management-hearing")


def make_hearing(page, **fields):
    now = timezone.now()
    values = {
        "title": "报名参加听证会",
        "capacity": 2,
        "waiting_list": True,
        "opens_at": now - timedelta(days=1),
        "starts_at": now + timedelta(days=3),
        "ends_at": now + timedelta(days=3, hours=2),
        "venue": "社区居委会二楼会议室",
        "opinion_deadline": now + timedelta(days=2),
        "agenda": "一、方案说明\n二、居民发言",
    }
    values.update(fields)
    hearing = Hearing.objects.create(page=page, **values)
    embed_module(hearing)
    return hearing


@pytest.fixture
def hearing(notice_page):
    return make_hearing(notice_page)


@pytest.fixture
def resident(db):
    return VerifiedResidentFactory()


@pytest.fixture
def unverified(db):
    return UserFactory()


@pytest.fixture
def representative(db):
    return RepresentativeFactory().user


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test its own media folder, so a test can prove that nothing was stored."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
