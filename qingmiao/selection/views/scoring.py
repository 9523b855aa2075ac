"""Self-service scoring on the phone (raters): the task list, one candidate's sheet, and
declaring a relation (回避).
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from qingmiao.core.errors import apply_errors

from .. import selectors, services, wording
from ..forms.self_service import (
    ConflictForm,
    ScoreSheetForm,
)
from ..models import (
    ScoreSheet,
    StageStatus,
)
from ..windows import scoring_window


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
