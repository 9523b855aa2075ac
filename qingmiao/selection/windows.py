"""When registration and scoring are open. The services refuse with these words, and the
pages show the same words before anyone tries, so the two cannot drift apart."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ProgramStatus, StageStatus


@dataclass(frozen=True)
class Window:
    """Whether something (registration, scoring) is open now, and if not, why."""

    open: bool
    message: str = ""
    code: str = ""


def registration_window(program, now=None) -> Window:
    now = now or timezone.now()
    if program.status != ProgramStatus.REGISTRATION_OPEN:
        return Window(False, _("该项目当前不在报名期。"), "closed")
    if program.registration_opens and now < program.registration_opens:
        return Window(False, _("报名尚未开始。"), "not_open")
    if program.registration_closes and now > program.registration_closes:
        return Window(False, _("报名已截止。"), "closed")
    return Window(True)


def scoring_window(stage, now=None) -> Window:
    now = now or timezone.now()
    if stage.status == StageStatus.DECIDED:
        return Window(False, _("该关卡已确定晋级结果，评分已结束。"), "decided")
    if stage.status != StageStatus.SCORING:
        return Window(False, _("该关卡当前不在评分期。"), "not_scoring")
    if stage.scoring_opens and now < stage.scoring_opens:
        return Window(False, _("评分尚未开始。"), "not_open")
    if stage.scoring_closes and now > stage.scoring_closes:
        return Window(False, _("评分已截止。"), "deadline")
    return Window(True)
