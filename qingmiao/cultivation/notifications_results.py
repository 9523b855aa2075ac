"""What the results area tells people: a deliverable's outcome reaches its authors (or, when
none are named, its team). Robots hear of the program's outcome, never of a person."""

from django.utils.translation import gettext_lazy as _

from qingmiao.core.models.notifications import Channel
from qingmiao.core.notifications import EventKind, register

OUTCOME_RECORDED = "cultivation.deliverable.outcome"


def outcome_context(deliverable, outcome) -> dict:
    return {
        "title": deliverable.title,
        "program": str(deliverable.program),
        "kind": str(outcome.get_kind_display()),
        "body": outcome.body,
    }


register(
    EventKind(
        code=OUTCOME_RECORDED,
        name=_("调研成果取得成效"),
        render=lambda c: _("您参与的《%(title)s》已%(kind)s（%(body)s）。") % c,
        render_group=lambda c: _("“%(program)s”有一项调研成果%(kind)s：《%(title)s》。") % c,
        default_channels=frozenset({Channel.INBOX, Channel.EMAIL}),
    )
)
