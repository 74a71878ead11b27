"""The plugin registry: pure functions over Django's app registry, nothing kept at import time."""

from django.apps import apps

from plugins import PluginConfig


def installed_plugins() -> list[PluginConfig]:
    return [config for config in apps.get_app_configs() if isinstance(config, PluginConfig)]


def participation_plugins() -> list[PluginConfig]:
    return [config for config in installed_plugins() if config.is_participation]


def get_plugin(label: str) -> PluginConfig | None:
    return next((config for config in installed_plugins() if config.label == label), None)


def plugin_for_kind(kind: str) -> PluginConfig | None:
    return next((config for config in participation_plugins() if config.kind == kind), None)


def kind_choices() -> list[tuple[str, str]]:
    return [(config.kind, config.verbose_name) for config in participation_plugins()]
