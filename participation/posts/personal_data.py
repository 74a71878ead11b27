"""A person's posts, duty days, hours, pledges and ideas: their data download and what deleting
the account erases."""

from participation.posts.models import (
    DutySignup,
    Pairing,
    PartyMember,
    Pledge,
    PostApplication,
    Suggestion,
)
from plugins import PersonalData


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def personal_data(user) -> PersonalData:
    applications = PostApplication.objects.filter(person=user).select_related("post")
    signups = DutySignup.objects.filter(person=user).select_related("duty__post")
    records = {
        "posts": [
            {
                "post": application.post.name,
                "skill": application.skill,
                "show_name": application.show_name,
                "status": application.status,
                "applied_at": _iso(application.created_at),
            }
            for application in applications
        ],
        "duty_days": [
            {
                "post": signup.duty.post.name,
                "date": signup.duty.date.isoformat(),
                "status": signup.status,
                "checked_in_at": _iso(signup.checked_in_at),
                "hours": str(signup.hours) if signup.hours is not None else None,
            }
            for signup in signups
        ],
        "pledges": [
            {
                "year": pledge.year,
                "kind": pledge.kind,
                "text": pledge.text,
                "public": pledge.is_public,
                "done_at": _iso(pledge.done_at),
            }
            for pledge in Pledge.objects.filter(person=user)
        ],
        "ideas": [
            {"title": idea.title, "text": idea.text, "submitted_at": _iso(idea.created_at)}
            for idea in Suggestion.objects.filter(person=user)
        ],
        "household_pairings": [
            {
                "category": pairing.category,
                "started_on": pairing.started_on.isoformat(),
                "visits_on": [visit.visited_on.isoformat() for visit in pairing.visits.all()],
            }
            for pairing in Pairing.objects.filter(resident=user).prefetch_related("visits")
        ],
    }
    return PersonalData(records=records)


def erase_personal_data(user) -> None:
    """Posts, duty days (and so their hours) and pledges go with the account. Ideas stay without
        their author, since staff may have made a blog topic of them; a roster entry stays without
        the link to the account (the party organisation keeps its own roster). A household's pairing
    and its visits go with the household's account."""
    PostApplication.objects.filter(person=user).delete()
    DutySignup.objects.filter(person=user).delete()
    Pledge.objects.filter(person=user).delete()
    Suggestion.objects.filter(person=user).update(person=None)
    PartyMember.objects.filter(user=user).update(user=None)
    Pairing.objects.filter(resident=user).delete()
