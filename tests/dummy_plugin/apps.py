from plugins import PARTICIPATION, LinkableKind, NotificationKind, PluginConfig


class DummyPluginConfig(PluginConfig):
    """A participation plugin that exists only in the tests: plugins need no change to core.

    It provides every hook of docs/plugins.md (its template and URLs come from the defaults:
    templates/tests_dummy/module.html and tests.dummy_plugin.urls).
    """

    name = "tests.dummy_plugin"
    label = "tests_dummy"
    verbose_name = "Raise your hand"
    default_auto_field = "django.db.models.BigAutoField"
    version = "1.0.0"
    category = PARTICIPATION
    description = "Counts raised hands."
    kind = "raise_hand"
    notification_kinds = (NotificationKind("hand_raised", "A hand was raised"),)
    admin_menu_names = ("tests-dummy-hands",)
    linkable_kinds = (LinkableKind("show_of_hands", "Show of hands", "Related shows of hands"),)

    def module_context(self, request, module):
        from tests.dummy_plugin.presentation import module_context

        return module_context(request, module)

    def count_contributions(self, page_ids):
        from participation.core.models import Module
        from tests.dummy_plugin.presentation import count_contributions

        # Counts are public: only modules an anonymous visitor may see.
        modules = Module.objects.visible_to(None).filter(kind=self.kind, page_id__in=page_ids)
        return count_contributions(modules)

    def linkable(self, kind, ids=None, communities=None):
        from tests.dummy_plugin.presentation import linkable

        return linkable(kind, ids, communities)

    def my_participation(self, user):
        from tests.dummy_plugin.presentation import my_participation

        return my_participation(user)

    def personal_data(self, user):
        from tests.dummy_plugin.personal_data import personal_data

        return personal_data(user)

    def erase_personal_data(self, user):
        from tests.dummy_plugin.personal_data import erase_personal_data

        erase_personal_data(user)

    def broadcast_audiences(self):
        """Staff may send a notice to everyone who raised a hand in chosen modules."""
        from tests.dummy_plugin.presentation import broadcast_audiences

        return broadcast_audiences()
