"""Self-service: the shareable program page and the programs taking applications."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .. import eligibility, selectors
from ..models import (
    ProgramStatus,
)
from ..windows import registration_window
from ._self import _own_cadre, _recommend_block, _rule, _self_apply_block, _stages, _tracks


@never_cache
@permission_required("selection.view_program", raise_exception=True)
def open_programs(request):
    """报名项目: programs taking applications now, then those under way."""
    user = request.user
    programs = list(selectors.open_programs(user))
    cadre = _own_cadre(user)
    applied = {}
    if cadre is not None:
        applied = {a.program_id: a for a in selectors.own_applications(user)}
    now = timezone.now()
    for program in programs:
        program.window = registration_window(program, now)
        program.application = applied.get(program.pk)
        program.eligible = None
        if cadre is not None:
            program.eligible = eligibility.is_eligible(eligibility.check(_rule(program), cadre))
    return render(
        request,
        "selection/self/open_programs.html",
        {
            "registering": [p for p in programs if p.status == ProgramStatus.REGISTRATION_OPEN],
            "running": [p for p in programs if p.status == ProgramStatus.RUNNING],
            "cadre": cadre,
        },
    )


@never_cache
def program_public(request, public_id):
    """The shareable program page. Roles that may not read programs get a 404, like drafts."""
    user = request.user
    if not user.has_perm("selection.view_program"):
        raise Http404
    program = selectors.program_get_public(user, public_id)
    window = registration_window(program)
    context = {
        "program": program,
        "window": window,
        "stages": _stages(user, program),
        "tracks": _tracks(user, program),
        "requirements": eligibility.requirements(_rule(program)),
    }
    if user.has_perm("selection.apply"):
        cadre = _own_cadre(user)
        results = eligibility.check(_rule(program), cadre) if cadre is not None else []
        application = selectors.own_application(user, program)
        context.update(
            cadre=cadre,
            results=results,
            eligible=eligibility.is_eligible(results),
            application=application,
            apply_block=_self_apply_block(program, cadre, results, application, window),
        )
    if user.has_perm("selection.recommend"):
        context["recommend_block"] = _recommend_block(program, window)
    return render(request, "selection/self/program_public.html", context)
