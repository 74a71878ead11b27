"""Permission rules of the posts plugin, checked in every view and used by the templates."""

import rules

from participation.posts.predicates import (
    can_adopt_ideas,
    can_check_in,
    can_decide_applications,
    can_see_rosters,
    is_resident_of_post_community,
)

rules.add_perm("participation_posts.apply", is_resident_of_post_community)
rules.add_perm("participation_posts.decide_applications", can_decide_applications)
rules.add_perm("participation_posts.check_in", can_check_in)
rules.add_perm("participation_posts.see_rosters", can_see_rosters)
rules.add_perm("participation_posts.adopt_ideas", can_adopt_ideas)
