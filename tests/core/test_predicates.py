"""Shared predicates the plugins combine into their rules."""

from django.contrib.auth.models import AnonymousUser

from participation.core.predicates import is_active_account, is_staff_member


class Account:
    is_authenticated = True

    def __init__(self, is_active=True, is_staff=False):
        self.is_active, self.is_staff = is_active, is_staff


def test_active_account():
    assert is_active_account(Account())
    assert not is_active_account(Account(is_active=False))
    assert not is_active_account(AnonymousUser())
    assert not is_active_account(None)


def test_staff_member():
    assert is_staff_member(Account(is_staff=True))
    assert not is_staff_member(Account())
    assert not is_staff_member(Account(False, True))
    assert not is_staff_member(AnonymousUser())
