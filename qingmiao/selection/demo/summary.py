"""The demo programmes for `seed_demo`'s closing summary: each with its status and funnel."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role

from ..models import Application, Program, StageEntry, StageStatus


def _funnel(program: Program) -> str:
    counts = Application.objects.filter(program=program).aggregate(
        applied=Count("pk"), eligible=Count("pk", filter=Q(status=Application.Status.ELIGIBLE))
    )
    steps = [_("报名 %(n)s") % {"n": f"{counts['applied']:,}"}]
    if counts["eligible"]:
        steps.append(_("资格审查通过 %(n)s") % {"n": f"{counts['eligible']:,}"})
    stages = program.stages.order_by("order").annotate(
        entered=Count("entries"),
        advanced=Count("entries", filter=Q(entries__result=StageEntry.Result.ADVANCED)),
    )
    for stage in stages:
        if not stage.entered:
            continue
        steps.append(_("%(stage)s %(n)s") % {"stage": stage.name, "n": f"{stage.entered:,}"})
        if stage.status == StageStatus.DECIDED:
            steps.append(_("晋级 %(n)s") % {"n": f"{stage.advanced:,}"})
    return " → ".join(steps)


def summary() -> list[str]:
    out = ["", _("培养项目：")]
    for program in Program.objects.order_by("created_at", "pk"):
        out.append(f"  {program.name}　{program.get_status_display()}")
        if Application.objects.filter(program=program).exists():
            out.append(f"    {_funnel(program)}")
        else:
            out.append("    " + _("尚未发布，可按 README 的演练步骤从发布报名做起。"))
    raters = list(
        User.objects.filter(role=Role.RATER, username__startswith="ent")
        .order_by("username")
        .values_list("username", flat=True)
    )
    if raters:
        out.append(
            "  "
            + _("企业家评委账号：%(first)s…%(last)s，共 %(n)s 人（密码与下列账号相同）")
            % {"first": raters[0], "last": raters[-1], "n": len(raters)}
        )
    return out
