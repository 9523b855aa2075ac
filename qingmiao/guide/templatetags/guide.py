from django import template

from qingmiao.api.docs_access import reads_developer_docs

from ..guides import guide_for

register = template.Library()


@register.inclusion_tag("help/_menu.html", takes_context=True)
def help_menu(context):
    """The top bar's 帮助 menu: the reader's own guide, all guides, and for people who build
    clients of the API, its documentation."""
    user = context["user"]
    return {"own": guide_for(user), "api_docs": reads_developer_docs(user)}


@register.filter
def reads_api_docs(user) -> bool:
    return reads_developer_docs(user)
