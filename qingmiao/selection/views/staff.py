"""The organization department's selection pages: programs and their eligibility rules,
screening, stages and raters, the ranking, the cut and the funnel.

Every change goes through `services`; every object comes through the scoped selectors, so an
object outside the user's scope is a 404. Pages that show every candidate of a program
(stages, ranking, the cut, the funnel) are for the organizer side only.
"""

from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.accounts import scoping
from qingmiao.accounts.roles import Role
from qingmiao.cadres.models import UnitType
from qingmiao.paging import IdFirstPaginator

from .. import eligibility, ranking, selectors, selectors_ranking, services
from ..forms.staff import (
    METHOD_HELP,
    ApplicationFilter,
    AssignForm,
    ConflictForm,
    ProgramForm,
    RuleForm,
    ScreenForm,
    StageForm,
    dimension_formset,
)
from ..models import (
    AdvancementDecision,
    AdvancementRule,
    Application,
    EligibilityRule,
    Program,
    ProgramKind,
    ProgramStatus,
    ScoreSheet,
    Stage,
    StageEntry,
    StageStatus,
)
from ..models.stage import AggregationMethod, TieBreak
from ..templatetags.selection_staff import share

PAGE_SIZES = (20, 50, 100)

# The next step of a program's lifecycle, with its button and the question asked first.
NEXT_STEP = {
    ProgramStatus.DRAFT: ProgramStatus.REGISTRATION_OPEN,
    ProgramStatus.REGISTRATION_OPEN: ProgramStatus.RUNNING,
    ProgramStatus.RUNNING: ProgramStatus.FINISHED,
}


def _step_texts():
    return {
        ProgramStatus.REGISTRATION_OPEN: (
            _("发布并开始报名"),
            _("发布后资格条件即锁定、不能再修改，报名页面对外公开。确定发布？"),
        ),
        ProgramStatus.RUNNING: (
            _("截止报名，开始闯关"),
            _("报名将截止，通过资格审查的报名者随机编号进入第一关。确定？"),
        ),
        ProgramStatus.FINISHED: (
            _("结束项目"),
            _("结束后项目归档，不能再变更。确定结束？"),
        ),
    }


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service's validation errors on the form's fields (or the form itself)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _manages(user, program: Program) -> bool:
    return selectors.managed_programs(user).filter(pk=program.pk).exists()


def _oversees(user, program: Program) -> bool:
    return selectors.overseen_programs(user).filter(pk=program.pk).exists()


def rule_summary(rule: EligibilityRule | None) -> list[tuple[str, str]]:
    """The rule as (what, requirement) lines; empty fields ask nothing and are left out."""
    return [(label, text) for _key, label, text in eligibility.requirements(rule)]


def _rule_of(program: Program) -> EligibilityRule | None:
    try:
        return program.rule
    except EligibilityRule.DoesNotExist:
        return None


def _rule_text(rule: str, value) -> str:
    """前 N 名晋级 → 前 20 名晋级, and so on."""
    if rule == AdvancementRule.TOP_N and value is not None:
        return _("前 %(n)s 名晋级") % {"n": int(value)}
    if rule == AdvancementRule.TOP_PERCENT and value is not None:
        return _("前 %(x)s%% 晋级") % {"x": f"{value.normalize():f}"}
    if rule == AdvancementRule.CUT_LINE and value is not None:
        return _("达到 %(x)s 分晋级") % {"x": f"{value.normalize():f}"}
    return str(AdvancementRule(rule).label) if rule in AdvancementRule.values else rule


# --- programs ---------------------------------------------------------------------------------


@never_cache
@permission_required("selection.view_application", raise_exception=True)
def program_list(request):
    user = request.user
    programs = selectors.program_queryset(user)
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    text = request.GET.get("q", "").strip()
    by_status = dict(
        scoping.visible(user, Program)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    if status in ProgramStatus.values:
        programs = programs.filter(status=status)
    if kind in ProgramKind.values:
        programs = programs.filter(kind=kind)
    if text:
        programs = programs.filter(name__contains=text)
    paginator = Paginator(programs.order_by("-created_at", "-id"), _page_size(request))
    page = paginator.get_page(request.GET.get("page"))
    managed = set(
        selectors.managed_programs(user)
        .filter(pk__in=[p.pk for p in page.object_list])
        .values_list("pk", flat=True)
    )
    for program in page.object_list:
        program.managed = program.pk in managed
    query = request.GET.copy()
    query.pop("page", None)
    tabs = [("", _("全部"), sum(by_status.values()))] + [
        (value, label, by_status.get(value, 0)) for value, label in ProgramStatus.choices
    ]
    return render(
        request,
        "selection/staff/program_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "status": status,
            "kind": kind,
            "q": text,
            "tabs": tabs,
            "kinds": ProgramKind.choices,
            "page_sizes": PAGE_SIZES,
            "page_size": paginator.per_page,
        },
    )


@never_cache
@permission_required("selection.manage_program", raise_exception=True)
def program_create(request):
    initial = {
        "organizer": request.user.org_unit_id,
        "kind": ProgramKind.TRAINING_CAMP,
    }
    form = ProgramForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(
                actor=request.user,
                data=form.model_data(),
                tracks=form.cleaned_data["tracks"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已创建培养项目“%(name)s”。下一步请设置资格条件和关卡。")
                % {"name": program.name},
            )
            return redirect("selection:program_detail", pk=program.pk)
    return render(request, "selection/staff/program_form.html", {"form": form, "program": None})


@never_cache
@permission_required("selection.manage_program", raise_exception=True)
def program_edit(request, pk):
    program = selectors.managed_program_get(request.user, pk)
    form = ProgramForm(request.POST or None, instance=program, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(
                actor=request.user,
                program=program,
                data=form.model_data(),
                tracks=form.cleaned_data["tracks"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("selection:program_detail", pk=program.pk)
    return render(request, "selection/staff/program_form.html", {"form": form, "program": program})


@never_cache
@permission_required("selection.manage_program", raise_exception=True)
def rule_edit(request, pk):
    program = selectors.managed_program_get(request.user, pk)
    rule = _rule_of(program) or EligibilityRule(program=program)
    editable = program.status == ProgramStatus.DRAFT
    form = RuleForm(request.POST or None, instance=rule, user=request.user)
    if request.method == "POST":
        if not editable:
            try:  # the service refuses, and says why
                services.rule_save(actor=request.user, program=program, data={}, m2m={})
            except ValidationError as exc:
                messages.error(request, _text(exc))
            return redirect("selection:rule_edit", pk=program.pk)
        if form.is_valid():
            try:
                services.rule_save(
                    actor=request.user,
                    program=program,
                    data=form.model_data(),
                    m2m=form.m2m_data(),
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("资格条件已保存。"))
                return redirect("selection:program_detail", pk=program.pk)
    return render(
        request,
        "selection/staff/rule_form.html",
        {
            "program": program,
            "form": form,
            "editable": editable,
            "summary": rule_summary(rule) if rule.pk else [],
            "manages": True,
            "oversees": _oversees(request.user, program),
            "tab": "rule",
        },
    )


@never_cache
@permission_required("selection.view_application", raise_exception=True)
def program_detail(request, pk):
    user = request.user
    program = selectors.program_get(user, pk)
    manages = _manages(user, program)
    oversees = _oversees(user, program)
    applications = selectors.application_queryset(user).filter(program=program)
    counts = selectors.program_counts(program, applications)
    per_track = dict(
        applications.order_by()
        .values_list("track")
        .annotate(n=Count("pk"))
        .values_list("track", "n")
    )
    tracks = list(program.tracks.order_by("sort", "id"))
    for track in tracks:
        track.application_count = per_track.get(track.pk, 0)
    stages = list(selectors.program_stages(program))
    for stage in stages:
        stage.rule_text = _rule_text(stage.advancement_rule, stage.rule_value)
    next_status = NEXT_STEP.get(program.status)
    step = _step_texts().get(next_status) if next_status else None
    return render(
        request,
        "selection/staff/program_detail.html",
        {
            "program": program,
            "manages": manages,
            "oversees": oversees,
            "counts": counts,
            "tracks": tracks,
            "stages": stages,
            "rule": rule_summary(_rule_of(program)),
            "next_status": next_status,
            "next_label": step[0] if step else "",
            "next_confirm": step[1] if step else "",
            "public_url": request.build_absolute_uri(
                reverse("selection:program_public", args=[program.public_id])
            ),
            "tab": "detail",
        },
    )


@require_POST
@permission_required("selection.manage_program", raise_exception=True)
def program_transition(request, pk):
    program = selectors.managed_program_get(request.user, pk)
    to = request.POST.get("to", "")
    if to not in ProgramStatus.values:
        messages.error(request, _("无效的项目状态。"))
        return redirect("selection:program_detail", pk=program.pk)
    try:
        program = services.program_transition(actor=request.user, program=program, to=to)
    except ValidationError as exc:
        messages.error(request, _text(exc))
    else:
        messages.success(
            request,
            _("项目状态已变为“%(status)s”。") % {"status": program.get_status_display()},
        )
    return redirect("selection:program_detail", pk=program.pk)


# --- applications ---------------------------------------------------------------------------


def _eligibility_view(snapshot: list) -> tuple[bool | None, str]:
    """From the snapshot kept on the application: passed? and the failed rules."""
    if not snapshot:
        return None, ""
    failed = [r for r in snapshot if not r.get("ok")]
    text = "；".join(
        _("%(label)s：要求%(required)s，实际%(actual)s")
        % {
            "label": r.get("label", ""),
            "required": r.get("required", ""),
            "actual": r.get("actual", ""),
        }
        for r in failed
    )
    return not failed, text


def _filter_chips(filterset, program) -> list[tuple[str, str]]:
    """The filters that have no control on the page (they come from the funnel's links), as
    (label, query without it) so each can be removed."""
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    chips = []
    base = filterset.data.copy()
    base.pop("page", None)
    labels = {
        "generation": lambda v: _("%(band)s后") % {"band": v},
        "education": lambda v: v,
        "gender": lambda v: v,
        "unit_type": lambda v: str(UnitType(v).label) if v in UnitType.values else v,
        "result": lambda v: str(StageEntry.Result(v).label),
    }
    for key, label in labels.items():
        value = data.get(key)
        if value:
            rest = base.copy()
            rest.pop(key, None)
            chips.append((label(value), rest.urlencode()))
    return chips


@never_cache
@permission_required("selection.view_application", raise_exception=True)
def application_list(request, pk):
    user = request.user
    program = selectors.program_get(user, pk)
    applications = selectors.application_queryset(user).filter(program=program)
    filterset = ApplicationFilter(
        request.GET, queryset=applications.order_by("created_at", "id"), program=program
    )
    queryset = filterset.qs if filterset.is_valid() else applications.none()
    paginator = IdFirstPaginator(queryset, _page_size(request))
    page = paginator.get_page(request.GET.get("page"))
    for application in page.object_list:
        application.eligible_ok, application.eligible_failed = _eligibility_view(
            application.eligibility
        )
    query = request.GET.copy()
    query.pop("page", None)
    manages = _manages(user, program)
    can_screen = (
        manages
        and user.has_perm("selection.screen_application")
        and program.status == ProgramStatus.REGISTRATION_OPEN
    )
    return render(
        request,
        "selection/staff/application_list.html",
        {
            "program": program,
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "page_sizes": PAGE_SIZES,
            "page_size": paginator.per_page,
            "sort": request.GET.get("sort", ""),
            "counts": selectors.program_counts(program, applications),
            "chips": _filter_chips(filterset, program),
            "manages": manages,
            "oversees": _oversees(user, program),
            "can_screen": can_screen,
            "has_tracks": program.tracks.exists(),
            "screen_form": ScreenForm(),
            "tab": "applications",
        },
    )


@require_POST
@permission_required("selection.screen_application", raise_exception=True)
def application_screen(request, pk):
    user = request.user
    program = selectors.managed_program_get(user, pk)
    query = QueryDict(request.POST.get("query", "")).urlencode()
    back = reverse("selection:application_list", args=[program.pk]) + (f"?{query}" if query else "")
    if request.POST.get("action") == "auto":
        try:
            result = services.applications_screen_by_rules(actor=user, program=program)
        except ValidationError as exc:
            messages.error(request, _text(exc))
        else:
            if result["eligible"] + result["ineligible"]:
                messages.success(
                    request,
                    _("已按资格条件审查 %(n)s 份报名：通过 %(a)s 份，未通过 %(b)s 份。")
                    % {
                        "n": result["eligible"] + result["ineligible"],
                        "a": result["eligible"],
                        "b": result["ineligible"],
                    },
                )
            else:
                messages.info(request, _("没有待审查的报名。"))
        return redirect(back)
    ids = []
    for raw in request.POST.getlist("ids"):
        try:
            ids.append(int(raw))
        except ValueError:
            continue
    form = ScreenForm(request.POST)
    if not ids:
        messages.error(request, _("请先勾选要审查的报名。"))
        return redirect(back)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    chosen = list(selectors.application_queryset(user).filter(program=program, pk__in=ids))
    if len(chosen) != len(set(ids)):
        messages.error(request, _("所选报名中有不属于该项目的记录。"))
        return redirect(back)
    eligible = form.cleaned_data["decision"] == "eligible"
    try:
        n = services.applications_screen(
            actor=user,
            program=program,
            applications=chosen,
            eligible=eligible,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, _text(exc))
    else:
        status = Application.Status.ELIGIBLE if eligible else Application.Status.INELIGIBLE
        messages.success(
            request,
            _("已将 %(n)s 份报名标记为“%(status)s”。") % {"n": n, "status": status.label},
        )
    return redirect(back)


# --- stages ---------------------------------------------------------------------------------


def _stage_form_page(request, program, stage, *, creating: bool):
    form = StageForm(request.POST or None, instance=stage)
    formset = dimension_formset(stage, request.POST or None, extra=3 if creating else 1)
    frozen = not creating and stage.status != StageStatus.PENDING
    if request.method == "POST":
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            try:
                saved = services.stage_save(
                    actor=request.user, stage=form.instance, dimensions_formset=formset
                )
            except ValidationError as exc:
                if frozen or not hasattr(exc, "error_dict"):
                    messages.error(request, _text(exc))
                _apply_errors(form, exc)
            else:
                messages.success(request, _("关卡“%(name)s”已保存。") % {"name": saved.name})
                return redirect("selection:stage_detail", pk=saved.pk)
    return render(
        request,
        "selection/staff/stage_form.html",
        {
            "program": program,
            "stage": None if creating else stage,
            "form": form,
            "formset": formset,
            "frozen": frozen,
            "method_help": METHOD_HELP,
            "manages": True,
            "oversees": True,
            "tab": "stages",
        },
    )


@never_cache
@permission_required("selection.manage_program", raise_exception=True)
def stage_create(request, pk):
    program = selectors.managed_program_get(request.user, pk)
    last = program.stages.order_by("-order").values_list("order", flat=True).first() or 0
    stage = Stage(program=program, order=last + 1, rater_roles=[Role.RATER])
    return _stage_form_page(request, program, stage, creating=True)


@never_cache
@permission_required("selection.manage_program", raise_exception=True)
def stage_edit(request, pk):
    stage = selectors.overseen_stage_get(request.user, pk, manage=True)
    return _stage_form_page(request, stage.program, stage, creating=False)


@never_cache
@permission_required("selection.view_application", raise_exception=True)
def stage_detail(request, pk):
    user = request.user
    stage = selectors.overseen_stage_get(user, pk)
    program = stage.program
    entries = list(selectors.stage_entries(stage))
    totals = {
        "entries": len(entries),
        "assigned": sum(e.assignment_count for e in entries),
        "submitted": sum(e.submitted_count for e in entries),
        "advanced": sum(1 for e in entries if e.result == StageEntry.Result.ADVANCED),
    }
    manages = _manages(user, program)
    return render(
        request,
        "selection/staff/stage_detail.html",
        {
            "program": program,
            "stage": stage,
            "entries": entries,
            "totals": totals,
            "dimensions": list(stage.dimensions.order_by("sort", "id")),
            "rule_text": _rule_text(stage.advancement_rule, stage.rule_value),
            "tie_breaks": _tie_break_labels(stage),
            "rater_roles": [str(Role(r).label) for r in stage.rater_roles if r in Role.values],
            "manages": manages,
            "oversees": True,
            "can_open": manages
            and stage.status == StageStatus.PENDING
            and totals["entries"] > 0
            and totals["assigned"] > 0,
            "tab": "stages",
        },
    )


def _tie_break_labels(stage: Stage) -> list[str]:
    return [str(TieBreak(t).label) for t in stage.tie_breaks if t in TieBreak.values]


@never_cache
@permission_required("selection.manage_raters", raise_exception=True)
def stage_raters(request, pk):
    user = request.user
    stage = selectors.overseen_stage_get(user, pk, manage=True)
    program = stage.program
    roles = stage.rater_roles or [Role.RATER]
    pool = selectors.rater_candidates(user, roles)
    entries = selectors.stage_entries(stage)
    assignments = list(selectors.stage_assignments(stage))
    assigned_ids = sorted({a.rater_id for a in assignments})
    action = request.POST.get("action") if request.method == "POST" else None
    assign_form = AssignForm(
        request.POST if action == "assign" else None,
        raters=pool,
        initial={"raters": assigned_ids, "k": stage.raters_per_candidate},
    )
    conflict_form = ConflictForm(
        request.POST if action == "conflict" else None, raters=pool, entries=entries
    )
    if action == "assign" and assign_form.is_valid():
        try:
            result = services.assignments_auto(
                actor=user,
                stage=stage,
                raters=list(assign_form.cleaned_data["raters"]),
                k=assign_form.cleaned_data["k"],
            )
        except ValidationError as exc:
            _apply_errors(assign_form, exc)
        else:
            messages.success(
                request,
                _("已分配评委：%(n)s 名考生，共 %(a)s 个评分任务。")
                % {"n": entries.count(), "a": result["assignments"]},
            )
            return redirect("selection:stage_raters", pk=stage.pk)
    elif action == "conflict" and conflict_form.is_valid():
        entry = conflict_form.cleaned_data["entry"]
        try:
            services.conflict_declare(
                actor=user,
                rater=conflict_form.cleaned_data["rater"],
                cadre=entry.application.cadre,
                reason=conflict_form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _apply_errors(conflict_form, exc)
        else:
            messages.success(
                request,
                _("已登记回避：%(rater)s 不评考生 %(code)s。")
                % {"rater": conflict_form.cleaned_data["rater"].display_name, "code": entry.code},
            )
            return redirect("selection:stage_raters", pk=stage.pk)

    # Loads per rater and the candidates' rater lists, from the current assignment.
    loads: dict[int, dict] = {}
    by_entry: dict[int, dict] = {}
    for a in assignments:
        load = loads.setdefault(a.rater_id, {"rater": a.rater, "assigned": 0, "submitted": 0})
        load["assigned"] += 1
        sheet = getattr(a, "sheet", None)
        submitted = sheet is not None and sheet.status == ScoreSheet.Status.SUBMITTED
        load["submitted"] += submitted
        row = by_entry.setdefault(a.entry_id, {"entry": a.entry, "raters": []})
        row["raters"].append(
            {"rater": a.rater, "submitted": submitted, "started": sheet is not None}
        )
    conflict_rows = selectors.stage_conflicts(user, stage)
    started = any(getattr(a, "sheet", None) is not None for a in assignments)
    return render(
        request,
        "selection/staff/stage_raters.html",
        {
            "program": program,
            "stage": stage,
            "pool": pool,
            "assign_form": assign_form,
            "conflict_form": conflict_form,
            "assigned_ids": assigned_ids,
            "loads": sorted(loads.values(), key=lambda x: (-x["assigned"], x["rater"].username)),
            "rows": sorted(by_entry.values(), key=lambda r: r["entry"].code),
            "entry_count": entries.count(),
            "conflicts": conflict_rows,
            "locked": started or stage.status == StageStatus.DECIDED,
            "role_labels": [str(Role(r).label) for r in roles if r in Role.values],
            "manages": True,
            "oversees": True,
            "tab": "stages",
        },
    )


@require_POST
@permission_required("selection.manage_program", raise_exception=True)
def stage_open(request, pk):
    stage = selectors.overseen_stage_get(request.user, pk, manage=True)
    try:
        services.stage_open_scoring(actor=request.user, stage=stage)
    except ValidationError as exc:
        messages.error(request, _text(exc))
    else:
        messages.success(
            request, _("“%(name)s”已开始评分，评委可以打分了。") % {"name": stage.name}
        )
    return redirect("selection:stage_detail", pk=stage.pk)


# --- ranking --------------------------------------------------------------------------------


def _method(request, stage: Stage) -> str:
    method = request.GET.get("method", "")
    return method if method in ranking.METHODS else stage.aggregation


def _warning_texts(preview, codes: dict) -> list[str]:
    """The preview's warnings as sentences a person can act on."""
    texts = []
    unscored = [
        codes.get(w.subject, w.subject) for w in preview.warnings if w.code == "unscored_candidate"
    ]
    if unscored:
        shown = "、".join(str(c) for c in sorted(unscored)[:8])
        if len(unscored) > 8:
            shown = _("%(codes)s 等") % {"codes": shown}
        texts.append(
            _("%(n)s 名考生还没有任何已提交的评分，暂不参与排名：%(codes)s。")
            % {"n": len(unscored), "codes": shown}
        )
    for w in preview.warnings:
        rater = preview.raters.get(w.subject)
        name = rater.display_name if rater is not None else str(w.subject or "")
        if w.code == "sparse_rater":
            texts.append(
                _("评委%(name)s只评了 %(n)s 人，校正可能不可靠。")
                % {"name": name, "n": w.detail.get("marks", 0)}
            )
        elif w.code == "disconnected":
            texts.append(
                _("评委分组互不重叠（%(n)s 组），不同组之间的分数不可比。")
                % {"n": w.detail.get("components", 0)}
            )
        elif w.code == "unscored_candidate":
            continue  # summed up above
        elif w.code == "no_spread":
            texts.append(
                _("评委%(name)s给出的分数全部相同，标准化后无法区分其评价的考生。") % {"name": name}
            )
        elif w.code == "cut_tie":
            texts.append(
                _("晋级线处有同分：第 %(n)s 名附近有并列考生，按规则无法区分，请人工确定。")
                % {"n": w.detail.get("quota", "")}
            )
        else:
            texts.append(_("提示：%(code)s") % {"code": w.code})
    return texts


def _effects(preview) -> list[dict]:
    counts: dict = defaultdict(int)
    for row in preview.rows:
        for d in row.details:
            counts[d.rater] += 1
    return sorted(
        (
            {
                "rater": preview.raters.get(rater),
                "effect": effect,
                "marks": counts.get(rater, 0),
            }
            for rater, effect in preview.rater_effects.items()
        ),
        key=lambda e: -e["effect"],
    )


@never_cache
@permission_required("selection.view_ranking", raise_exception=True)
def stage_ranking(request, pk):
    stage = selectors.overseen_stage_get(request.user, pk)
    method = _method(request, stage)
    stored = selectors_ranking.ranking_page(
        stage, method, page_number=request.GET.get("page", 1), page_size=_page_size(request)
    )
    return render(
        request,
        "selection/staff/stage_ranking.html",
        {
            "program": stage.program,
            "stage": stage,
            "method": method,
            "methods": AggregationMethod.choices,
            "preview": stored,
            "page": stored.page,
            "query": request.GET.urlencode(),
            "page_sizes": PAGE_SIZES,
            "page_size": _page_size(request),
            "warnings": stored.warning_texts,
            "effects": stored.effects if method == AggregationMethod.SEVERITY else [],
            "rule_text": _rule_text(stage.advancement_rule, stage.rule_value),
            "manages": _manages(request.user, stage.program),
            "oversees": True,
            "tab": "stages",
        },
    )


def _how_text(method: str, row) -> str:
    """How the candidate's score was made from the raters' totals, in one sentence."""
    if row is None or row.score is None:
        return _("该考生还没有已提交的评分，暂无得分。")
    score = f"{row.score:.2f}"
    n = len(row.details)
    if method == AggregationMethod.MEAN:
        total = sum(d.raw for d in row.details)
        return _("平均分：%(n)s 位评委的总分之和 %(sum)s ÷ %(n)s = %(score)s。") % {
            "n": n,
            "sum": f"{total:.2f}",
            "score": score,
        }
    if method == AggregationMethod.TRIMMED_MEAN:
        dropped = [d.raw for d in row.details if not d.used]
        if dropped:
            return _(
                "去掉一个最高分 %(high)s 和一个最低分 %(low)s，"
                "其余 %(k)s 个分数的平均值 = %(score)s。"
            ) % {
                "high": f"{max(dropped):.2f}",
                "low": f"{min(dropped):.2f}",
                "k": n - len(dropped),
                "score": score,
            }
        return _("评委不足 3 人，不去分，直接取 %(n)s 个分数的平均值 = %(score)s。") % {
            "n": n,
            "score": score,
        }
    if method == AggregationMethod.MEDIAN:
        return _("%(n)s 位评委的总分按高低排列，取中间值 = %(score)s。") % {
            "n": n,
            "score": score,
        }
    if method == AggregationMethod.ZSCORE:
        return _(
            "每位评委的打分先按其本人的平均分和离散程度标准化，再统一折算到全体评分的尺度上；"
            "%(n)s 个校正后分数的平均值 = %(score)s。"
        ) % {"n": n, "score": score}
    return _(
        "根据全部评分估计每位评委的宽严程度（偏宽为正、偏严为负），从其打分中扣除；"
        "%(n)s 个校正后分数的平均值 = %(score)s。"
    ) % {"n": n, "score": score}


@never_cache
@permission_required("selection.view_ranking", raise_exception=True)
def entry_sheet(request, pk, entry_pk):
    user = request.user
    stage = selectors.overseen_stage_get(user, pk)
    entry = scoping.get_visible_or_404(user, selectors.stage_entries(stage), pk=entry_pk)
    method = _method(request, stage)
    preview = services.stage_ranking(stage, method)
    row = preview.row_for(entry.pk)
    detail_of = {d.rater: d for d in (row.details if row else [])}
    dimensions = list(stage.dimensions.order_by("sort", "id"))
    sheets = (
        selectors.sheet_queryset(user)
        .filter(assignment__entry=entry)
        .select_related("assignment__rater")
        .prefetch_related("scores")
        .order_by("assignment__rater__username")
    )
    assigned = selectors.stage_assignments(stage).filter(entry=entry).filter(sheet__isnull=True)
    cards = []
    for sheet in sheets:
        values = {s.dimension_id: s for s in sheet.scores.all()}
        detail = detail_of.get(sheet.assignment.rater_id)
        cards.append(
            {
                "sheet": sheet,
                "rater": sheet.assignment.rater,
                "submitted": sheet.status == ScoreSheet.Status.SUBMITTED,
                "detail": detail,
                "shift": (detail.adjusted - detail.raw) if detail else None,
                "dims": [(d, values.get(d.pk)) for d in dimensions],
            }
        )
    manages = _manages(user, stage.program)
    return render(
        request,
        "selection/staff/entry_sheet.html",
        {
            "program": stage.program,
            "stage": stage,
            "entry": entry,
            "method": method,
            "method_label": AggregationMethod(method).label,
            "methods": AggregationMethod.choices,
            "adjusts": method in (AggregationMethod.ZSCORE, AggregationMethod.SEVERITY),
            "row": row,
            "how": _how_text(method, row),
            "cards": cards,
            "unstarted": list(assigned),
            "can_reopen": manages
            and user.has_perm("selection.reopen_sheet")
            and stage.status != StageStatus.DECIDED,
            "manages": manages,
            "oversees": True,
            "tab": "stages",
        },
    )


@require_POST
@permission_required("selection.reopen_sheet", raise_exception=True)
def sheet_reopen(request, pk):
    user = request.user
    sheet = scoping.get_visible_or_404(
        user,
        selectors.sheet_queryset(user).filter(
            assignment__stage__program__in=selectors.managed_programs(user)
        ),
        pk=pk,
    )
    entry = sheet.assignment.entry
    method = request.POST.get("method", "")
    back = reverse("selection:entry_sheet", args=[entry.stage_id, entry.pk])
    if method in ranking.METHODS:
        back += f"?method={method}"
    try:
        services.sheet_reopen(actor=user, sheet=sheet, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, _text(exc))
    else:
        messages.success(
            request,
            _("已重新开放 %(rater)s 对考生 %(code)s 的评分表，评委修改后需重新提交。")
            % {"rater": sheet.assignment.rater.display_name, "code": entry.code},
        )
    return redirect(back)


# --- the cut ------------------------------------------------------------------------------


@never_cache
@permission_required("selection.view_ranking", raise_exception=True)
def advancement(request, pk):
    user = request.user
    stage = selectors.overseen_stage_get(user, pk)
    program = stage.program
    decision = (
        scoping.visible(user, AdvancementDecision)
        .filter(stage=stage)
        .select_related("decided_by")
        .first()
    )
    context = {
        "program": program,
        "stage": stage,
        "rule_text": _rule_text(stage.advancement_rule, stage.rule_value),
        "manages": _manages(user, program),
        "oversees": True,
        "tab": "stages",
    }
    if decision is not None:
        results = list(
            decision.results.select_related(
                "entry__application__cadre__unit", "entry__application__track"
            ).order_by("rank", "entry__code")
        )
        results.sort(key=lambda r: (r.rank is None, r.rank or 0, r.entry.code))
        context.update(
            decision=decision,
            results=results,
            adjusted=[r for r in results if r.adjusted],
            advanced_count=sum(1 for r in results if r.advanced),
            method_label=_method_label(decision.method),
            decision_rule=_rule_text(decision.rule, decision.rule_value),
            warning_texts=_stored_warnings(decision.warnings),
        )
        return render(request, "selection/staff/advancement.html", context)

    can_decide = user.has_perm("selection.decide_advancement") and context["manages"]
    preview = services.stage_ranking(stage)
    chosen = {row.entry.pk: row.proposed for row in preview.rows}
    reasons: dict[int, str] = {}
    errors: dict[str, str] = {}
    note = ""
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        note = request.POST.get("note", "")
        overrides = {}
        for row in preview.rows:
            key = row.entry.pk
            chosen[key] = request.POST.get(f"advance_{key}") == "1"
            reasons[key] = request.POST.get(f"reason_{key}", "").strip()
            if chosen[key] != row.proposed:
                overrides[key] = (chosen[key], reasons[key])
        try:
            services.advancement_confirm(actor=user, stage=stage, overrides=overrides, note=note)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {
                    key: " ".join(m for e in errs for m in e.messages)
                    for key, errs in exc.error_dict.items()
                }
                messages.error(request, _("调整按规则得出的结果须逐一填写理由。"))
            else:
                messages.error(request, _text(exc))
        else:
            messages.success(request, _("晋级结果已确定。"))
            return redirect("selection:advancement", pk=stage.pk)
    rows = []
    for row in preview.rows:
        key = row.entry.pk
        rows.append(
            {
                "row": row,
                "checked": chosen[key],
                "reason": reasons.get(key, ""),
                "error": errors.get(f"reason_{key}", ""),
                "changed": chosen[key] != row.proposed,
            }
        )
    codes = {row.entry.pk: row.entry.code for row in preview.rows}
    blocked = ""
    if stage.status == StageStatus.PENDING and stage.advancement_rule != AdvancementRule.MANUAL:
        blocked = _("该关卡尚未开始评分。")
    elif preview.missing_sheets:
        blocked = _("还有 %(n)s 份评分表未提交，不能确定晋级。") % {"n": preview.missing_sheets}
    following = stage.next_stage()
    context.update(
        preview=preview,
        rows=rows,
        note=note,
        can_decide=can_decide,
        blocked=blocked,
        warning_texts=_warning_texts(preview, codes),
        method_label=_method_label(preview.method),
        next_stage=following,
        proposed_count=preview.proposed_count,
    )
    return render(request, "selection/staff/advancement.html", context)


def _method_label(method: str) -> str:
    return str(AggregationMethod(method).label) if method in AggregationMethod.values else method


def _stored_warnings(warnings: list) -> list[str]:
    """The warnings kept with a decision (code and detail only)."""
    texts = []
    for w in warnings or []:
        code, detail = w.get("code"), w.get("detail") or {}
        if code == "sparse_rater":
            texts.append(
                _("有评委只评了 %(n)s 人，校正可能不可靠。") % {"n": detail.get("marks", 0)}
            )
        elif code == "disconnected":
            texts.append(
                _("评委分组互不重叠（%(n)s 组），不同组之间的分数不可比。")
                % {"n": detail.get("components", 0)}
            )
        elif code == "cut_tie":
            texts.append(
                _("晋级线处有同分：第 %(n)s 名附近有并列考生，按规则无法区分，请人工确定。")
                % {"n": detail.get("quota", "")}
            )
        elif code == "unscored_candidate":
            texts.append(_("有考生没有任何已提交的评分。"))
        elif code == "no_spread":
            texts.append(_("有评委给出的分数全部相同。"))
    return texts


# --- funnel ---------------------------------------------------------------------------------


@never_cache
@permission_required("selection.view_funnel", raise_exception=True)
def funnel(request, pk):
    program = selectors.overseen_program_get(request.user, pk)
    steps = selectors.funnel(program)
    stages = {s.order: s for s in program.stages.all()}
    unit_codes = {str(label): value for value, label in UnitType.choices}
    list_url = reverse("selection:application_list", args=[program.pk])

    def step_query(key: str) -> dict:
        if key == "applied":
            return {}
        if key == "eligible":
            return {"status": Application.Status.ELIGIBLE}
        order, _sep, advanced = key.removeprefix("stage").partition("_")
        stage = stages.get(int(order))
        if stage is None:
            return {}
        query = {"stage": stage.pk}
        if advanced:
            query["result"] = StageEntry.Result.ADVANCED
        return query

    def link(base: dict, extra: dict | None) -> str | None:
        if extra is None:
            return None
        query = urlencode({**base, **extra})
        return f"{list_url}?{query}" if query else list_url

    first = steps[0]["count"] if steps else 0
    previous = None
    rows = []
    for i, step in enumerate(steps):
        base = step_query(step["key"])
        structure = step["structure"]
        groups = []
        for key, title, chart in (
            ("education", _("学历"), "pie"),
            ("generation", _("年龄段"), "bar"),
            ("gender", _("性别"), "pie"),
            ("unit_type", _("单位类型"), "bar"),
        ):
            items = []
            for label, n in structure.get(key, []):
                if key == "generation":
                    extra = {"generation": label[:2]} if label[:2].isdigit() else None
                elif key == "unit_type":
                    extra = {"unit_type": unit_codes[label]} if label in unit_codes else None
                else:
                    extra = {key: label} if label != "—" else None
                pct = share(n, step["count"])
                items.append({"label": label, "n": n, "pct": pct, "url": link(base, extra)})
            groups.append(
                {
                    "key": key,
                    "title": title,
                    "chart": chart,
                    "items": items,
                    # the share as the table prints it, so chart and table round alike
                    "data": [[it["label"], it["n"], it["pct"]] for it in items],
                    "id": f"chart-{i}-{key}",
                }
            )
        rows.append(
            {
                "label": step["label"],
                "count": step["count"],
                "url": link(base, {}),
                "of_first": (100 * step["count"] / first) if first else None,
                "of_previous": (100 * step["count"] / previous) if previous else None,
                "groups": groups,
            }
        )
        previous = step["count"]
    return render(
        request,
        "selection/staff/funnel.html",
        {
            "program": program,
            "rows": rows,
            "funnel_data": [[r["label"], r["count"]] for r in rows],
            "manages": _manages(request.user, program),
            "oversees": True,
            "tab": "funnel",
        },
    )
