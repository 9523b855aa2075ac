"""Self-service pages: the shareable program page, applying (cadres) and recommending (unit
officers), the applicant's own record, and scoring on the phone (raters).

Every object is fetched through the scoping layer (out of scope is a 404) and every change goes
through a service, whose Chinese messages are shown as they are.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.cadres import selectors as cadre_selectors
from qingmiao.cadres.filters import search_q
from qingmiao.core.errors import apply_errors, error_text

from .. import eligibility, selectors, services, wording
from ..forms.self_service import (
    ApplyForm,
    ConflictForm,
    RecommendForm,
    ScoreSheetForm,
)
from ..models import (
    Application,
    ProgramStatus,
    ScoreSheet,
    StageStatus,
)
from ..windows import registration_window, scoring_window

CANDIDATES_SHOWN = 20


# --- helpers -------------------------------------------------------------------------------


def _own_cadre(user):
    """The signed-in cadre's own record (with what the eligibility check reads), or None."""
    if not user.has_perm("selection.apply"):
        return None
    return cadre_selectors.own_cadre(user)


def _rule(program):
    return getattr(program, "rule", None)


def _stages(user, program) -> list:
    stages = list(selectors.stage_list(user).filter(program=program))
    for stage in stages:
        stage.rule_text = wording.advancement_text(stage)
    return stages


def _tracks(user, program) -> list:
    return selectors.program_tracks(user, program)


def _self_apply_block(program, cadre, results, application, window) -> str:
    """Why the signed-in cadre cannot apply now (empty when they can)."""
    if cadre is None:
        return _("您的账户未关联干部档案，无法报名。")
    if application is not None:
        if application.status == Application.Status.WITHDRAWN:
            return _("您已撤回该项目的报名，不能再次报名。")
        return _("您已报名该项目。")
    if not window.open:
        return window.message
    if not program.allows_self_application:
        return _("该项目只接受单位推荐，如有意参加请联系本单位干部专员。")
    if not eligibility.is_eligible(results):
        failed = "、".join(r.label for r in results if not r.ok)
        return _("您不符合资格条件：%(rules)s。") % {"rules": failed}
    return ""


def _recommend_block(program, window) -> str:
    if not program.allows_recommendation:
        return _("该项目只接受干部自主报名。")
    if not window.open:
        return window.message
    return ""


# --- programs --------------------------------------------------------------------------------


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


@never_cache
@permission_required("selection.apply", raise_exception=True)
def apply(request, public_id):
    """自主报名: track and statement; the service checks the window, eligibility and duplicates."""
    user = request.user
    program = selectors.program_get_public(user, public_id)
    form = ApplyForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                actor=user,
                program=program,
                track=form.cleaned_data.get("track"),
                statement=form.cleaned_data["statement"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已报名“%(name)s”。资格审查结果将在这里显示。") % {"name": program.name},
            )
            return redirect("selection:my_applications")
    cadre = _own_cadre(user)
    results = eligibility.check(_rule(program), cadre) if cadre is not None else []
    application = selectors.own_application(user, program)
    block = _self_apply_block(program, cadre, results, application, registration_window(program))
    return render(
        request,
        "selection/self/apply.html",
        {"program": program, "form": form, "results": results, "blocked": block},
    )


@never_cache
@permission_required("selection.recommend", raise_exception=True)
def recommend(request, public_id):
    """单位推荐: find a cadre of one's own units, see their eligibility rule by rule, recommend."""
    user = request.user
    program = selectors.program_get_public(user, public_id)
    cadres = cadre_selectors.cadre_queryset(user).filter(is_active=True)
    query = request.GET.get("q", "").strip()
    found = list(cadres.filter(search_q(query))[: CANDIDATES_SHOWN + 1])
    applied = selectors.applied_cadre_ids(user, program, found)
    listing = {
        "program": program,
        "candidates": found[:CANDIDATES_SHOWN],
        "more": len(found) > CANDIDATES_SHOWN,
        "applied": applied,
        "query": query,
    }
    if request.headers.get("HX-Request") and request.method == "GET":
        return render(request, "selection/self/_candidates.html", listing)

    form = RecommendForm(request.POST or None, program=program, cadres=cadres)
    if request.method == "POST":
        chosen_pk = request.POST.get("cadre")
        if form.is_valid():
            candidate = form.cleaned_data["cadre"]
            try:
                services.application_recommend(
                    actor=user,
                    program=program,
                    cadre=candidate,
                    track=form.cleaned_data.get("track"),
                    statement=form.cleaned_data["statement"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("已推荐 %(cadre)s 报名“%(name)s”。")
                    % {"cadre": candidate.name, "name": program.name},
                )
                return redirect("selection:recommend", public_id=program.public_id)
    else:
        chosen_pk = request.GET.get("cadre")
        if chosen_pk:
            form = RecommendForm(initial={"cadre": chosen_pk}, program=program, cadres=cadres)
    candidate = None
    if chosen_pk:
        try:
            candidate = cadres.filter(pk=int(chosen_pk)).first()
        except ValueError:
            candidate = None
        if candidate is None and request.method == "GET":
            raise Http404
    window = registration_window(program)
    context = {**listing, "form": form, "candidate": candidate, "window": window}
    context["blocked"] = context["program_blocked"] = _recommend_block(program, window)
    if candidate is not None:
        results = eligibility.check(_rule(program), candidate)
        existing = selectors.application_of(user, program, candidate)
        context.update(
            results=results,
            eligible=eligibility.is_eligible(results),
            existing=existing,
        )
        if not context["blocked"]:
            if existing is not None:
                context["blocked"] = _("该干部已报名该项目。")
            elif not eligibility.is_eligible(results):
                context["blocked"] = _("该干部不符合资格条件：%(rules)s。") % {
                    "rules": "、".join(r.label for r in results if not r.ok)
                }
    return render(request, "selection/self/recommend.html", context)


# --- the applicant's own record ------------------------------------------------------------


@never_cache
@permission_required("selection.apply", raise_exception=True)
def my_applications(request):
    """我的报名: every application with its stages; nothing is hidden after elimination."""
    user = request.user
    applications = list(selectors.own_applications_with_stages(user))
    for a in applications:
        a.can_withdraw = (
            a.status != Application.Status.WITHDRAWN
            and a.program.status == ProgramStatus.REGISTRATION_OPEN
        )
    return render(request, "selection/self/my_applications.html", {"applications": applications})


@require_POST
def withdraw(request, pk):
    """Withdraw an application (the applicant, or the officer who recommended it)."""
    user = request.user
    application = selectors.application_get(user, pk)
    try:
        services.application_withdraw(actor=user, application=application)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("已撤回“%(name)s”的报名。") % {"name": application.program.name}
        )
    if application.cadre.user_id == user.pk:
        return redirect("selection:my_applications")
    return redirect("selection:program_public", public_id=application.program.public_id)


# --- scoring -------------------------------------------------------------------------------


def _sheet_of(assignment):
    """The assignment's sheet, or None (select_related caches a missing one as absent)."""
    return getattr(assignment, "sheet", None)


def _declared_cadre_ids(user) -> set[int]:
    return set(selectors.rater_conflicts(user).values_list("cadre_id", flat=True))


@never_cache
@permission_required("selection.score", raise_exception=True)
def rater_tasks(request):
    """评分任务: the rater's candidates by stage, with deadline and progress."""
    user = request.user
    declared = _declared_cadre_ids(user)
    groups: dict[int, dict] = {}
    now = timezone.now()
    for a in selectors.rater_assignments(user):
        sheet = _sheet_of(a)
        a.state = sheet.status if sheet is not None else ""
        a.recused = a.entry.application.cadre_id in declared
        group = groups.get(a.stage_id)
        if group is None:
            group = groups[a.stage_id] = {
                "stage": a.stage,
                "window": scoring_window(a.stage, now),
                "rows": [],
                "submitted": 0,
                "next": None,
            }
        group["rows"].append(a)
        if a.state == ScoreSheet.Status.SUBMITTED:
            group["submitted"] += 1
        elif group["next"] is None and not a.recused:
            group["next"] = a
    ordered = sorted(
        groups.values(),
        key=lambda g: (not g["window"].open, g["stage"].status == StageStatus.DECIDED),
    )
    return render(request, "selection/self/rater_tasks.html", {"groups": ordered})


def _next_to_score(user, assignment):
    """The rater's next unsubmitted candidate in the same stage, if any."""
    for a in selectors.stage_assignments_of_rater(user, assignment.stage):
        if a.pk != assignment.pk and (
            _sheet_of(a) is None or a.sheet.status != ScoreSheet.Status.SUBMITTED
        ):
            return a
    return None


@never_cache
@permission_required("selection.score", raise_exception=True)
def score_sheet(request, pk):
    """One candidate's sheet: a number and a comment per dimension; save a draft or submit."""
    user = request.user
    assignment = selectors.assignment_get(user, pk)
    stage = assignment.stage
    dimensions = list(selectors.stage_dimensions(user, stage))
    sheet = _sheet_of(assignment)
    scores = {s.dimension_id: s for s in sheet.scores.all()} if sheet is not None else {}
    form = ScoreSheetForm(
        request.POST or None,
        dimensions=dimensions,
        scores=scores,
        comment=sheet.comment if sheet is not None else "",
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            services.sheet_save(
                actor=user,
                assignment=assignment,
                values=form.values(),
                comment=form.cleaned_data["comment"],
                submit=submit,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not submit:
                messages.success(request, _("草稿已保存。"))
                return redirect("selection:score_sheet", pk=assignment.pk)
            messages.success(
                request, _("已提交 %(code)s 的评分。") % {"code": assignment.entry.code}
            )
            following = _next_to_score(user, assignment)
            if following is not None:
                return redirect("selection:score_sheet", pk=following.pk)
            return redirect("selection:rater_tasks")
    locked = sheet is not None and sheet.status == ScoreSheet.Status.SUBMITTED
    return render(
        request,
        "selection/self/score_sheet.html",
        {
            "assignment": assignment,
            "stage": stage,
            "entry": assignment.entry,
            "blind": stage.blind,
            "form": form,
            "sheet": sheet,
            "readonly_rows": [(d, scores.get(d.pk)) for d in dimensions],
            "locked": locked,
            "window": scoring_window(stage),
            "recused": assignment.entry.application.cadre_id in _declared_cadre_ids(user),
        },
    )


@never_cache
@permission_required("selection.score", raise_exception=True)
def declare_conflict(request):
    """回避申报. Raters cannot browse cadres, so they pick one of their own candidates (by code
    under blind review). Recusal keeps the candidate out of future assignments; sheets already
    assigned are re-assigned by the administrator."""
    user = request.user
    assignments = list(selectors.rater_assignments(user))
    by_entry = {}
    for a in assignments:
        by_entry.setdefault(a.entry_id, a)
    groups: dict[int, tuple[str, list]] = {}
    for entry_id, a in by_entry.items():
        group = groups.setdefault(a.stage_id, (f"{a.stage.program.name} · {a.stage.name}", []))
        group[1].append((entry_id, wording.candidate_label(a)))
    choices = list(groups.values())
    initial = {}
    if request.method == "GET" and request.GET.get("entry", "").isdigit():
        initial["entry"] = int(request.GET["entry"])
    form = ConflictForm(request.POST or None, choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = by_entry[form.cleaned_data["entry"]]
        try:
            services.conflict_declare(
                actor=user,
                rater=user,
                cadre=chosen.entry.application.cadre,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "已登记回避：%(who)s。今后不会再给您分配该考生；"
                    "已分配的评分任务将由管理员重新安排，请暂不评分。"
                )
                % {"who": wording.candidate_label(chosen)},
            )
            return redirect("selection:rater_tasks")
    # Declared relations, named the way the rater knows the candidate: by code alone as soon as
    # any of the rater's assignments of that candidate is blind, so a name is never tied to a code.
    label_of_cadre: dict[int, str] = {}
    for a in sorted(assignments, key=lambda a: not a.stage.blind):
        label_of_cadre.setdefault(a.entry.application.cadre_id, wording.candidate_label(a))
    declared = [
        (label_of_cadre.get(c.cadre_id, _("（由管理员登记）")), c)
        for c in selectors.rater_conflicts(user)
    ]
    return render(
        request,
        "selection/self/declare_conflict.html",
        {"form": form, "declared": declared, "has_candidates": bool(choices)},
    )
