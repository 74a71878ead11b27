from django import template
from django.utils.safestring import mark_safe

from participation.core import links
from participation.core.counts import contribution_counts as count_contributions
from participation.core.notifications import follow_control
from participation.core.rendering import render_module

register = template.Library()


@register.simple_tag(takes_context=True)
def participation_module(context, module):
    """``{% participation_module module %}``: the module rendered by its plugin."""
    return render_module(module, request=context.get("request"), page=context.get("page"))


@register.simple_tag(takes_context=True)
def follow_button(context, page):
    """``{% follow_button page %}``: 关注/取消关注 for a signed-in resident, from the plugin
    that keeps follows; nothing for anonymous visitors or where no such plugin is on. Keep it
    outside cached fragments: it is about the visitor."""
    return mark_safe(follow_control(context.get("request"), page))  # noqa: S308 -- rendered templates


@register.simple_tag(takes_context=True)
def contribution_counts(context, pages):
    """``{% contribution_counts page_list as counts %}`` then ``{{ counts|count_for:page }}``."""
    return count_contributions(pages, request=context.get("request"))


@register.filter
def count_for(counts, page) -> int:
    return counts.get(page.pk, 0)


@register.filter
def page_path(page) -> str:
    """``{{ module.page|page_path }}``: the page's path on its own site (links.page_path)."""
    return links.page_path(page)


@register.simple_tag
def absolute_url(target) -> str:
    """``{% absolute_url page %}``: the page (or a path) under the site's configured root."""
    return links.absolute_url(target)
