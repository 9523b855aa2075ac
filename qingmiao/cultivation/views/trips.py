"""外出学习: the study-trip pages and their participants, added from the cadre register in the
user's scope."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qingmiao.core.errors import error_text

from ..forms import curriculum as forms
from ..selectors import curriculum as selectors
from ..services import curriculum as services
from ._catalogue import MANAGE, Resource


def _detail(request, trip) -> dict:
    participants = selectors.trip_participants(request.user, trip)
    page = Paginator(participants, 50).get_page(request.GET.get("page"))
    text = request.GET.get("q", "").strip()
    return {
        "participants": page,
        "query": "",
        "q": text,
        "candidates": selectors.trip_candidates(request.user, text) if text else [],
    }


TRIP = Resource(
    key="trip",
    title=gettext_lazy("外出学习"),
    noun=gettext_lazy("外出学习批次"),
    getter=selectors.trip_get,
    managed_getter=selectors.managed_trip_get,
    form=forms.TripForm,
    create=lambda actor, form: services.trip_create(actor=actor, data=form.model_data()),
    update=lambda actor, obj, form: services.trip_update(
        actor=actor, trip=obj, data=form.model_data()
    ),
    delete=lambda actor, obj: services.trip_delete(actor=actor, trip=obj),
    filter_fields=("q", "program", "date_from", "date_to"),
    detail_context=_detail,
    name_of=lambda trip: _("第 %(n)s 批次 %(title)s") % {"n": trip.batch, "title": trip.title},
)


@require_POST
@permission_required(MANAGE, raise_exception=True)
def participants_add(request, pk):
    trip = selectors.managed_trip_get(request.user, pk)
    ids = [v for v in request.POST.getlist("cadres") if v.isdigit() and len(v) < 12]
    cadres = selectors.cadres_by_ids(request.user, ids)
    try:
        n = services.trip_participants_add(actor=request.user, trip=trip, cadres=cadres)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已添加 %(n)s 人。") % {"n": n})
    return redirect(TRIP.url("detail"), pk=trip.pk)


@require_POST
@permission_required(MANAGE, raise_exception=True)
def participant_remove(request, pk, cadre_pk):
    trip = selectors.managed_trip_get(request.user, pk)
    cadres = selectors.cadres_in_scope(request.user, [cadre_pk])
    try:
        if not cadres:
            raise ValidationError(_("此人不在本批次参学人员中。"))
        services.trip_participant_remove(actor=request.user, trip=trip, cadre=cadres[0])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已移出。"))
    return redirect(TRIP.url("detail"), pk=trip.pk)
