from django import template

from qingmiao.core.shell import render_parts

register = template.Library()


@register.simple_tag(takes_context=True)
def shell_parts(context):
    """{% shell_parts as shell %}: the cached top bar menus and navigation (core/shell.py)."""
    return render_parts(context)
