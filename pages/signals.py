from django.apps import apps

from pages import roles


def open_showcase_section_to_volunteers(sender, instance, created, raw=False, **kwargs):
    """A new showcase section is where Volunteers may write (the migration covers existing ones)."""
    if created and not raw:
        roles.grant_volunteers_section(apps, instance)
        if (volunteers := roles.community_volunteers(instance)) is not None:
            roles.grant_volunteers_section(apps, instance, volunteers)
