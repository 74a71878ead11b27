from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from home.models import HomePage
from participation.core.embedding import embed_module
from participation.residents.factories import UserFactory, VerifiedResidentFactory
from participation.services.models import Duty, Matter, ServiceBlock


@pytest.fixture
def service_page(home_page):
    return home_page.add_child(instance=HomePage(title="错时服务", slug="services"))


@pytest.fixture
def module(service_page):
    module = ServiceBlock.objects.create(page=service_page, title="预约错时服务")
    embed_module(module)
    return module


@pytest.fixture
def matter(db):
    return Matter.objects.create(
        name="证明开具", what_to_bring="身份证\n户口本", can_delegate=False, reply_days=3
    )


@pytest.fixture
def delegable(db):
    return Matter.objects.create(name="社保代办", can_delegate=True, reply_days=5)


@pytest.fixture
def cadre(db):
    from django.contrib.auth.models import Permission

    user = UserFactory(username="cadre-liu", display_name="刘主任", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def desk_staff(db):
    from django.contrib.auth.models import Permission

    user = UserFactory(username="desk", display_name="值班主管", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="handle_booking"),
        Permission.objects.get(codename="access_admin"),
    )
    return user


def make_duty(cadre, days=2, hour=19, capacity=2, **fields):
    day = timezone.localdate() + timedelta(days=days)
    tz = timezone.get_current_timezone()
    starts = datetime.combine(day, time(hour), tzinfo=tz)
    return Duty.objects.create(
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        cadre=cadre,
        capacity=capacity,
        **fields,
    )


@pytest.fixture
def duty(cadre):
    return make_duty(cadre)


@pytest.fixture
def resident(db):
    return VerifiedResidentFactory()


@pytest.fixture
def neighbour(db):
    return VerifiedResidentFactory()


@pytest.fixture
def notifications(monkeypatch):
    """What the service told residents, as (kind, recipient ids) pairs."""
    sent = []

    def record(kind, recipients, **kwargs):
        sent.append((kind, [user.pk for user in recipients]))

    monkeypatch.setattr("participation.services.services.notify", record)
    monkeypatch.setattr("participation.services.reminders.notify", record)
    return sent


def this_month() -> date:
    return timezone.localdate().replace(day=1)
