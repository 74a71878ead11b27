"""django-rules predicates about residents (verification, representative terms)."""

import rules
from django.utils import timezone


@rules.predicate
def is_verified_resident(user) -> bool:
    return bool(user and user.is_authenticated and user.is_verified)


@rules.predicate
def is_current_representative(user) -> bool:
    if not (user and user.is_authenticated):
        return False
    return user.representative_terms.current(on=timezone.localdate()).exists()
