from django import template

from participation.core.rendering import render_module

register = template.Library()


@register.simple_tag(takes_context=True)
def participation_module(context, module):
    """``{% participation_module module %}``: the module rendered by its plugin."""
    return render_module(module, request=context.get("request"), page=context.get("page"))
