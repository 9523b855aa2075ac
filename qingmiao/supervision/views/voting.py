"""The voter's phone pages: open a slip (by its QR link or by typing its code), vote once, and —
for a person asked by name — draw a slip. No login is needed to vote: the code is the
credential, and guessing codes is rate-limited (see ballots.py).

The pages never write the code anywhere but the form the voter submits: not in the session,
not in a cookie, not in a message.
"""

from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.accounts.audit import request_context
from qingmiao.core.errors import apply_errors, error_text

from .. import ballots
from ..forms_evaluation import BallotForm, CodeForm
from ..selectors import evaluation as selectors
from ..services import evaluation as services


def client_of(request) -> str:
    """Who is guessing: the address the request came from."""
    return request_context().ip_address or request.META.get("REMOTE_ADDR", "") or "?"


def _ballot_page(request, slip, code, form=None, status=200):
    evaluation = slip.evaluation
    subjects = selectors.subjects_of(evaluation)
    form = form or BallotForm(evaluation=evaluation, subjects=subjects)
    return render(
        request,
        "supervision/self/ballot.html",
        {
            "evaluation": evaluation,
            "voter_type": slip.get_voter_type_display(),
            "code": ballots.format_code(ballots.normalize(code)),
            "form": form,
            "closes_at": evaluation.closes_at,
        },
        status=status,
    )


def _start_page(request, form, status=200):
    return render(request, "supervision/self/vote_start.html", {"form": form}, status=status)


@never_cache
@login_not_required
def vote_start(request):
    """Type the code from a slip."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            slip = services.slip_find(code=code, client=client_of(request))
            services.slip_check(slip)
        except ValidationError as exc:
            apply_errors(form, exc)
            return _start_page(request, form, status=400)
        return _ballot_page(request, slip, code)
    return _start_page(request, form, status=400 if request.method == "POST" else 200)


@never_cache
@login_not_required
def vote_slip(request, evaluation, code):
    """The slip's QR link: the ballot at once, or why not."""
    form = CodeForm(initial={"code": code})
    try:
        slip = services.slip_find(code=code, client=client_of(request))
        services.slip_check(slip, evaluation)
    except ValidationError as exc:
        form = CodeForm({"code": code})
        form.is_valid()
        apply_errors(form, exc)
        return _start_page(request, form, status=400)
    return _ballot_page(request, slip, code)


@never_cache
@login_not_required
@require_POST
def vote_cast(request, evaluation):
    code = request.POST.get("code", "")
    try:
        slip = services.slip_find(code=code, client=client_of(request))
        services.slip_check(slip, evaluation)
    except ValidationError as exc:
        form = CodeForm({"code": code})
        form.is_valid()
        apply_errors(form, exc)
        return _start_page(request, form, status=400)
    form = BallotForm(
        request.POST, evaluation=slip.evaluation, subjects=selectors.subjects_of(slip.evaluation)
    )
    if not form.is_valid():
        return _ballot_page(request, slip, code, form=form, status=400)
    try:
        done = services.ballot_cast(
            code=code,
            answers=form.cleaned_data,
            client=client_of(request),
            evaluation_id=evaluation,
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "code" not in exc.error_dict:
            apply_errors(form, exc)
            return _ballot_page(request, slip, code, form=form, status=400)
        start = CodeForm({"code": code})
        start.is_valid()
        start.add_error("code", error_text(exc))
        return _start_page(request, start, status=400)
    return render(request, "supervision/self/vote_done.html", {"evaluation": done})


@never_cache
@login_required
def slip_draw(request, pk):
    """A person asked by name draws their slip here, once."""
    evaluation = selectors.recipient_evaluation_get(request.user, pk)
    context = {"evaluation": evaluation, "error": ""}
    if request.method == "POST":
        try:
            code = services.slip_draw(actor=request.user, evaluation=evaluation)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            context["error"] = error_text(exc)
        else:
            context.update(
                code=code,
                link=reverse("supervision:vote_slip", args=[evaluation.pk, code]),
            )
    else:
        context["drawn"] = (
            selectors.my_invitations(request.user).filter(evaluation=evaluation).first().drawn
        )
    return render(request, "supervision/self/slip_draw.html", context)
