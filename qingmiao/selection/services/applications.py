from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit, scoping
from qingmiao.cadres.models import Cadre

from .. import eligibility, notifications
from ..models import Application, EligibilityRule, Program, ProgramStatus, Track
from ..selectors_funnel import funnel_changed
from ..windows import registration_window
from ._bulk import update_rows
from ._common import require, require_manager


def _check_window(program: Program) -> None:
    window = registration_window(program)
    if not window.open:
        raise ValidationError(window.message, code=window.code)


def _check_track(program: Program, track: Track | None) -> None:
    if track is not None and track.program_id != program.pk:
        raise ValidationError({"track": _("所选赛道不属于该项目。")})
    if track is None and program.tracks.exists():
        raise ValidationError({"track": _("请选择赛道。")})


def _create(*, actor, program, cadre, track, statement, mode) -> Application:
    _check_window(program)
    _check_track(program, track)
    if Application.objects.filter(program=program, cadre=cadre).exists():
        raise ValidationError(_("已报名该项目，不能重复报名。"), code="duplicate")
    results = eligibility.check(getattr(program, "rule", None), cadre)
    if not eligibility.is_eligible(results):
        failed = "、".join(r.label for r in results if not r.ok)
        raise ValidationError(
            _("不符合资格条件：%(rules)s。") % {"rules": failed}, code="ineligible"
        )
    application = Application.objects.create(
        program=program,
        cadre=cadre,
        track=track,
        mode=mode,
        statement=statement,
        recommended_by=actor if mode == Application.Mode.RECOMMENDED else None,
        eligibility=[r.as_dict() for r in results],
    )
    funnel_changed(program)
    audit.record(
        "selection.application.submitted"
        if mode == Application.Mode.SELF
        else "selection.application.recommended",
        actor=actor,
        obj=application,
        extra={"program": program.pk, "cadre": cadre.pk, "track": track.name if track else ""},
    )
    return application


@transaction.atomic
def application_submit(
    *, actor, program: Program, track: Track | None, statement: str
) -> Application:
    """自主报名: a cadre applies from their own account."""
    require(actor, "selection.apply")
    cadre = Cadre.objects.filter(user=actor).first()
    if cadre is None:
        raise ValidationError(_("您的账户未关联干部档案，无法报名。"))
    if not program.allows_self_application:
        raise ValidationError(_("该项目只接受单位推荐。"))
    return _create(
        actor=actor,
        program=program,
        cadre=cadre,
        track=track,
        statement=statement,
        mode=Application.Mode.SELF,
    )


@transaction.atomic
def application_recommend(
    *, actor, program: Program, cadre: Cadre, track: Track | None, statement: str
) -> Application:
    """单位推荐: a unit officer recommends a cadre of their own unit subtree."""
    require(actor, "selection.recommend")
    if not scoping.visible(actor, Cadre).filter(pk=cadre.pk).exists():
        raise ValidationError({"cadre": _("只能推荐本单位及下属单位的干部。")})
    if not program.allows_recommendation:
        raise ValidationError(_("该项目只接受干部自主报名。"))
    return _create(
        actor=actor,
        program=program,
        cadre=cadre,
        track=track,
        statement=statement,
        mode=Application.Mode.RECOMMENDED,
    )


@transaction.atomic
def application_withdraw(*, actor, application: Application) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    own = application.cadre.user_id == actor.pk
    recommender = application.recommended_by_id == actor.pk
    if not (own or recommender):
        raise PermissionDenied("not the applicant")
    if application.status == Application.Status.WITHDRAWN:
        raise ValidationError(_("该报名已撤回。"))
    if application.program.status != ProgramStatus.REGISTRATION_OPEN:
        raise ValidationError(_("报名期结束后不能撤回。"))
    before = application.status
    application.status = Application.Status.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at"])
    funnel_changed(application.program_id)
    audit.record(
        "selection.application.withdrawn",
        actor=actor,
        obj=application,
        changes={"status": {"before": before, "after": application.status}},
    )
    return application


_SCREENABLE = (
    Application.Status.SUBMITTED,
    Application.Status.ELIGIBLE,
    Application.Status.INELIGIBLE,
)


@transaction.atomic
def applications_screen(
    *, actor, program: Program, applications: list, eligible: bool, reason: str
) -> int:
    """资格审查 in bulk: every selected application (objects or ids) is marked, or none is.
    Every one must be an application of this program the actor may see."""
    require(actor, "selection.screen_application")
    require_manager(actor, program)
    program = Program.objects.select_for_update().get(pk=program.pk)
    reason = (reason or "").strip()
    if not eligible and not reason:
        raise ValidationError({"reason": _("请填写不通过的理由。")})
    if program.status not in (ProgramStatus.REGISTRATION_OPEN,):
        raise ValidationError(_("只能在报名期内进行资格审查。"))
    ids = [getattr(a, "pk", a) for a in applications]
    rows = list(
        scoping.visible(actor, Application).select_for_update().filter(pk__in=ids, program=program)
    )
    if len(rows) != len(set(ids)):
        raise ValidationError({"applications": _("所选报名中有不属于该项目的记录。")})
    bad = [a for a in rows if a.status not in _SCREENABLE]
    if bad:
        raise ValidationError(_("%(n)s 份报名已撤回，不能审查。") % {"n": len(bad)})
    status = Application.Status.ELIGIBLE if eligible else Application.Status.INELIGIBLE
    now = timezone.now()
    for a in rows:
        a.status, a.screened_by, a.screened_at, a.screening_reason = status, actor, now, reason
    Application.objects.bulk_update(
        rows, ["status", "screened_by", "screened_at", "screening_reason"]
    )
    funnel_changed(program)
    audit.record(
        "selection.application.screened",
        actor=actor,
        obj=program,
        extra={"applications": sorted(ids), "status": status, "reason": reason},
    )
    notifications.applications_screened(program=program, application_ids=ids)
    return len(rows)


@transaction.atomic
def applications_screen_by_rules(*, actor, program: Program) -> dict:
    """Screen every unscreened application by the program's rule: those that meet every rule
    become eligible, the others ineligible with the failed rules as the reason."""
    require(actor, "selection.screen_application")
    require_manager(actor, program)
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status != ProgramStatus.REGISTRATION_OPEN:
        raise ValidationError(_("只能在报名期内进行资格审查。"))
    # The rule's lists are read once here, not once per application checked.
    rule = (
        EligibilityRule.objects.filter(program=program)
        .prefetch_related("political_statuses", "units", "ranks", "required_tags")
        .first()
    )
    pending = (
        program.applications.filter(status=Application.Status.SUBMITTED)
        .select_related(
            "cadre__unit",
            "cadre__fulltime_education",
            "cadre__inservice_education",
            "cadre__political_status",
            "cadre__rank",
        )
        .prefetch_related("cadre__tags")
    )
    now = timezone.now()
    passed = failed = 0
    rows = []
    for a in pending:
        results = eligibility.check(rule, a.cadre)
        a.eligibility = [r.as_dict() for r in results]
        a.screened_by, a.screened_at = actor, now
        if eligibility.is_eligible(results):
            a.status, a.screening_reason = Application.Status.ELIGIBLE, _("符合全部资格条件")
            passed += 1
        else:
            a.status = Application.Status.INELIGIBLE
            a.screening_reason = _("不符合：%(rules)s") % {
                "rules": "、".join(r.label for r in results if not r.ok)
            }
            failed += 1
        rows.append(a)
    fields = ["status", "eligibility", "screened_by", "screened_at", "screening_reason"]
    update_rows(Application, rows, fields)
    funnel_changed(program)
    audit.record(
        "selection.application.screened_by_rules",
        actor=actor,
        obj=program,
        extra={"eligible": passed, "ineligible": failed},
    )
    notifications.applications_screened(program=program, application_ids=[a.pk for a in rows])
    return {"eligible": passed, "ineligible": failed}
