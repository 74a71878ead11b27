from plugins import PARTICIPATION, PluginConfig


class DummyPluginConfig(PluginConfig):
    """A participation plugin that exists only in the tests: plugins need no change to core."""

    name = "tests.dummy_plugin"
    label = "tests_dummy"
    verbose_name = "Raise your hand"
    version = "1.0.0"
    category = PARTICIPATION
    description = "Counts raised hands."
    kind = "raise_hand"
    module_template = "tests_dummy/module.html"
    urls = "tests.dummy_plugin.urls"

    def module_context(self, request, module):
        return {"hands": module.settings.get("hands", 0)}

    def count_contributions(self, page_ids):
        from participation.core.models import Module

        # Counts are public: only modules an anonymous visitor may see.
        modules = Module.objects.visible_to(None).filter(kind=self.kind, page_id__in=page_ids)
        counts = {}
        for module in modules:
            counts[module.page_id] = counts.get(module.page_id, 0) + module.settings.get("hands", 0)
        return counts
