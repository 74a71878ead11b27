"""System checks: each plugin provides what its category requires, each message naming the hook."""

from importlib import import_module

from django.conf import settings
from django.core.checks import Error
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from plugins import PluginConfig
from plugins.registry import installed_plugins

PERSONAL_DATA_HOOKS = ("my_participation", "personal_data", "erase_personal_data")


def plugins_provide_their_hooks(app_configs=None, **kwargs) -> list[Error]:
    return [error for plugin in installed_plugins() for error in plugin_errors(plugin)]


def plugin_errors(plugin: PluginConfig) -> list[Error]:
    """What ``plugin`` misses of its contract: the participation hooks, the personal data ones."""
    errors = participation_errors(plugin) if plugin.is_participation else []
    return errors + personal_data_errors(plugin) + linkable_errors(plugin)


def _error(plugin, message, hint, number) -> Error:
    return Error(
        f"Plugin {plugin.label}: {message}", hint=hint, obj=plugin, id=f"plugins.E{number:03}"
    )


def participation_errors(plugin: PluginConfig) -> list[Error]:
    errors = []
    if not plugin.kind:
        errors.append(
            _error(
                plugin,
                "a participation plugin sets no `kind`.",
                "Set kind = '<name>' on the PluginConfig: modules of that kind are this plugin's.",
                1,
            )
        )
    try:
        get_template(plugin.module_template)
    except TemplateDoesNotExist:
        errors.append(
            _error(
                plugin,
                f"its `module_template` {plugin.module_template!r} does not exist.",
                f"Add templates/{plugin.label}/module.html or set module_template.",
                2,
            )
        )
    if plugin.urls:
        try:
            import_module(plugin.urls)
        except ImportError as error:
            errors.append(
                _error(
                    plugin,
                    f"its `urls` module {plugin.urls!r} does not import ({error}).",
                    "Fix the module or set urls to None when the plugin has no URLs.",
                    3,
                )
            )
    return errors


def personal_fields(plugin: PluginConfig) -> list[str]:
    """``Model.field`` of every relation from the plugin's models to the user model."""
    return [
        f"{model.__name__}.{field.name}"
        for model in plugin.get_models()
        for field in model._meta.get_fields()
        if field.concrete
        and field.is_relation
        and field.related_model is not None
        and field.related_model._meta.label == settings.AUTH_USER_MODEL
    ]


def personal_data_errors(plugin: PluginConfig) -> list[Error]:
    fields = personal_fields(plugin)
    if not fields:
        return []
    return [
        _error(
            plugin,
            f"its models keep personal data ({', '.join(fields)}) but it does not override "
            f"`{hook}`.",
            "A plugin that keeps data about residents lists it in 我的参与 (my_participation), "
            "exports it (personal_data) and forgets it when the account is deleted "
            "(erase_personal_data): see docs/plugins.md.",
            4,
        )
        for hook in PERSONAL_DATA_HOOKS
        if not plugin.provides(hook)
    ]


def linkable_errors(plugin: PluginConfig) -> list[Error]:
    if not plugin.linkable_kinds or plugin.provides("linkable"):
        return []
    codes = ", ".join(kind.code for kind in plugin.linkable_kinds)
    return [
        _error(
            plugin,
            f"it declares `linkable_kinds` ({codes}) but does not override `linkable`.",
            "Pages would find nothing of those kinds to link to: answer linkable(kind, ids) "
            "(see docs/plugins.md) or declare no linkable_kinds.",
            5,
        )
    ]
