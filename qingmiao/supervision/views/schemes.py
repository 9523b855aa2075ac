"""Assessment schemes (考察方案): the list, a scheme with its versions, the form that creates
one or edits it (a new version once a round has used it)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from ..forms_rounds import SchemeForm
from ..selectors import rounds as selectors
from ..services import schemes as services


@login_required
@permission_required("supervision.view_rounds", raise_exception=True)
def scheme_list(request):
    schemes = selectors.scheme_queryset(request.user).prefetch_related("versions")
    return render(request, "supervision/staff/scheme_list.html", {"schemes": schemes})


@login_required
@permission_required("supervision.view_rounds", raise_exception=True)
def scheme_detail(request, pk):
    scheme = selectors.scheme_get(request.user, pk)
    return render(
        request,
        "supervision/staff/scheme_detail.html",
        {"scheme": scheme, "versions": selectors.scheme_versions(scheme)},
    )


@login_required
@permission_required("supervision.manage_schemes", raise_exception=True)
def scheme_edit(request, pk=None):
    scheme = selectors.scheme_get(request.user, pk) if pk else None
    initial = SchemeForm.initial_of(scheme) if scheme else {
        "scale_min": 0, "scale_max": 10, "scale_step": "0.5",
        "weight_task": 60, "weight_host": 20, "weight_ledger": 20,
    }  # fmt: skip
    form = SchemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if scheme is None:
                scheme = services.scheme_create(actor=request.user, data=form.to_data())
            else:
                services.scheme_update(actor=request.user, scheme=scheme, data=form.to_data())
        except ValidationError as exc:
            form.apply(exc)
        else:
            return redirect("supervision:scheme_detail", pk=scheme.pk)
    frozen = bool(scheme and scheme.current.frozen_at)
    return render(
        request,
        "supervision/staff/scheme_form.html",
        {"form": form, "scheme": scheme, "frozen": frozen},
    )
