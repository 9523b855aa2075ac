"""Phone pages: an inspector scores the cadres of their rounds on site (with the month's
figures from cultivation beside the form, and photos); a host contact evaluates the cadres it
hosts in the rounds that ask for it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qingmiao.core.errors import apply_errors

from .. import evidence_rounds
from ..forms_rounds import HostForm, PhotoForm, ScoreForm
from ..selectors import rounds as selectors
from ..services import rounds as services


@login_required
@permission_required("supervision.score_round", raise_exception=True)
def inspect_home(request):
    return render(
        request,
        "supervision/self/inspect_home.html",
        {"rounds": selectors.inspected_rounds(request.user)},
    )


@login_required
@permission_required("supervision.score_round", raise_exception=True)
def inspect_round(request, pk):
    round_ = selectors.inspected_round_get(request.user, pk)
    members = list(selectors.round_members(request.user, round_))
    left = [m for m in members if not m.is_scored]
    done = [m for m in members if m.is_scored]
    return render(
        request,
        "supervision/self/inspect_round.html",
        {"round": round_, "left": left, "done": done, "count": len(members)},
    )


@login_required
@permission_required("supervision.score_round", raise_exception=True)
def inspect_member(request, pk):
    member = selectors.inspected_member_get(request.user, pk)
    round_ = member.round
    form = ScoreForm(member=member)
    photo_form = PhotoForm()
    if request.method == "POST" and "photo-upload" in request.POST:
        photo_form = PhotoForm(request.POST, request.FILES)
        photo_form.is_valid()
        try:
            services.photo_add(actor=request.user, member=member, upload=request.FILES.get("photo"))
        except ValidationError as exc:
            apply_errors(photo_form, exc)
        else:
            messages.success(request, _("照片已上传。"))
            return redirect("supervision:inspect_member", pk=member.pk)
    elif request.method == "POST":
        form = ScoreForm(request.POST, member=member)
        if form.is_valid():
            try:
                services.member_score(actor=request.user, member=member, data=form.to_data())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("已保存 %(name)s 的评分。") % {"name": member.cadre.name}
                )
                following = selectors.round_members(request.user, round_).filter(
                    scored_at__isnull=True
                )
                nxt = following.first()
                if nxt:
                    return redirect("supervision:inspect_member", pk=nxt.pk)
                return redirect("supervision:inspect_round", pk=round_.pk)
    first, last = evidence_rounds.month_range(round_.month)
    return render(
        request,
        "supervision/self/inspect_member.html",
        {
            "m": member,
            "round": round_,
            "version": round_.version,
            "form": form,
            "photo_form": photo_form,
            "figures": evidence_rounds.figures([member.cadre_id], first, last)[member.cadre_id],
            "photos": list(member.photos.all()),
        },
    )


@login_required
@permission_required("supervision.evaluate_round", raise_exception=True)
def host_rounds(request):
    return render(
        request,
        "supervision/self/host_rounds.html",
        {"members": selectors.hosted_members(request.user)[:100]},
    )


@login_required
@permission_required("supervision.evaluate_round", raise_exception=True)
def host_member(request, pk):
    member = selectors.hosted_member_get(request.user, pk)
    initial = {}
    if member.host_score is not None:
        initial = {"host_score": member.host_score.normalize(), "host_note": member.host_note}
    form = HostForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.host_evaluate(actor=request.user, member=member, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("评价已提交。"))
            return redirect("supervision:host_rounds")
    return render(
        request,
        "supervision/self/host_member.html",
        {"m": member, "round": member.round, "version": member.round.version, "form": form},
    )
