"""Predicates of the posts plugin; combined into rules in rules.py."""

import rules

from participation.core.predicates import is_staff_member


@rules.predicate
def is_resident_of_post_community(user, post) -> bool:
    """A verified resident of the post's community: nobody takes a post in another."""
    if not (post is not None and user and user.is_authenticated):
        return False
    return user.is_verified_resident_of(post.community_id)


def _staff_with(permission):
    @rules.predicate(name=f"staff_with_{permission.split('.')[-1]}")
    def predicate(user) -> bool:
        return is_staff_member(user) and (user.is_superuser or user.has_perm(permission))

    return predicate


can_decide_applications = _staff_with("participation_posts.change_postapplication")
can_check_in = _staff_with("participation_posts.change_dutysignup")
can_see_rosters = _staff_with("participation_posts.view_dutysignup")
can_adopt_ideas = _staff_with("participation_posts.change_suggestion")
