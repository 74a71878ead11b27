import pytest

from participation.comments.models import CommentsModule
from participation.core.embedding import embed_module
from participation.residents.factories import UnitFactory, UserFactory, VerifiedResidentFactory


@pytest.fixture
def unit(db):
    return UnitFactory(building__number="3", number="1单元201")


@pytest.fixture
def resident(unit):
    return VerifiedResidentFactory(username="wang", display_name="王阿姨", unit=unit)


@pytest.fixture
def unverified(db):
    return UserFactory(username="newcomer", display_name="新来的")


@pytest.fixture
def moderator(db):
    from django.contrib.auth.models import Permission

    user = UserFactory(username="mod", display_name="社区编辑小刘", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="moderate_comment"),
        Permission.objects.get(codename="access_admin"),
    )
    return user


@pytest.fixture
def comments_module(home_page):
    module = CommentsModule.objects.create(
        page=home_page, title="居民意见", audience=CommentsModule.Audience.VERIFIED
    )
    embed_module(module)
    return module
