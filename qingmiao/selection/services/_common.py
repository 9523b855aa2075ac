from django.core.exceptions import PermissionDenied

from qingmiao.accounts import scoping

from ..models import Program


def require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def require_manager(actor, program: Program) -> None:
    """The actor manages selections and the program's organizer lies in their unit subtree."""
    require(actor, "selection.manage_program")
    subtree = scoping.unit_subtree_filter(actor, "organizer")
    if subtree is None or not Program.objects.filter(subtree, pk=program.pk).exists():
        raise PermissionDenied("program outside scope")
