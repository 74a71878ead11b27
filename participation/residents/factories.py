"""Factories for residents, shared by the tests and the demo loader."""

import factory
from django.utils import timezone

from participation.residents.models import (
    Building,
    Representative,
    Unit,
    User,
    default_community_id,
)

DEMO_PASSWORD = "liubeiqiao-demo-2026"  # noqa: S105 -- the documented demo password, never production


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building
        django_get_or_create = ("community_id", "number")

    community_id = factory.LazyFunction(default_community_id)
    number = factory.Sequence(lambda n: str(n + 1))
    block = "东片区"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("building", "number")

    building = factory.SubFactory(BuildingFactory)
    number = factory.Sequence(lambda n: f"1单元{101 + n}")


class UserFactory(factory.django.DjangoModelFactory):
    """An account; unverified unless made with VerifiedResidentFactory."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"resident{n}")
    # Residents sign up on the default community's site; staff accounts belong to none.
    community_id = factory.LazyAttribute(
        lambda user: None if getattr(user, "is_staff", False) else default_community_id()
    )
    display_name = factory.Sequence(lambda n: f"居民{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class VerifiedResidentFactory(UserFactory):
    unit = factory.SubFactory(UnitFactory)
    community_id = factory.LazyAttribute(lambda user: user.unit.building.community_id)
    verification = User.Verification.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    user = factory.SubFactory(VerifiedResidentFactory)
    building = factory.LazyAttribute(lambda rep: rep.user.unit.building if rep.user.unit else None)
    starts_on = factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=1))
    ends_on = factory.LazyAttribute(lambda rep: rep.starts_on.replace(year=rep.starts_on.year + 3))
