"""Rendering a module inside a page through the plugin that serves its kind."""

from django.template.loader import render_to_string

from plugins.switches import is_enabled


def render_module(module, request=None, page=None) -> str:
    """The module's HTML, or "" when its plugin is missing or switched off for the site.

    A module renders only on its own page, so a chooser pointed at another page's module
    cannot pull that module's forms somewhere else.
    """
    plugin = module.plugin if module is not None else None
    if plugin is None or not plugin.module_template:
        return ""
    if request is not None and not is_enabled(plugin.label, request=request):
        return ""
    if page is not None and module.page_id != page.pk:
        return ""
    module = module.specific
    if page is not None:
        module.page = page  # the page being served, already specific: plugins need not re-read it
    context = {"module": module, "page": page, "plugin": plugin}
    context.update(plugin.module_context(request, module))
    return render_to_string(plugin.module_template, context, request=request)
