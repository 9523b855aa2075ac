"""我的培养: the cadre's own page on a phone, made of every area's sections
(personal_pages), and the attendance area's actions from it: signing in, asking for a
make-up, rating a session."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from qingmiao.core.errors import apply_errors

from .. import personal_pages, signin
from ..forms.attendance import FeedbackForm, MakeUpForm, SignInForm
from ..models import Attendance
from ..selectors import attendance as selectors
from ..services import attendance as services


@never_cache
@permission_required("cultivation.sign_in", raise_exception=True)
def my(request):
    return render(
        request,
        "cultivation/self/my.html",
        {
            "links": personal_pages.links(request.user),
            "sections": personal_pages.sections("cadre", request.user),
        },
    )


@never_cache
@permission_required("cultivation.sign_in", raise_exception=True)
def my_signin(request):
    """The code typed on 我的培养: it is tried against today's sessions the cadre may sign in
    to (a code belongs to one session), and the first it fits signs them in."""
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cadre = selectors.own_cadre(request.user)
        sessions = selectors.my_sessions_today(cadre) if cadre else []
        code = form.cleaned_data["code"]
        session = next(
            (s for s in sessions if signin.is_open(s) and signin.code_valid(s, code)), None
        )
        target = session or (sessions[0] if len(sessions) == 1 else None)
        if target is None:
            form.add_error(
                "code", _("签到码不正确。") if sessions else _("您今天没有需要签到的授课。")
            )
        else:
            try:
                services.sign_in(actor=request.user, session=target, code=code)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("签到成功：%(s)s") % {"s": target})
                return redirect("cultivation:my")
    return render(request, "cultivation/self/signin.html", {"form": form})


@never_cache
@permission_required("cultivation.sign_in", raise_exception=True)
def my_signin_link(request, pk):
    """Opened from the room's QR code: the code comes in the link; the cadre confirms."""
    session = selectors.session_get(request.user, pk)
    form = SignInForm(request.POST or {"code": request.GET.get("c", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_in(
                actor=request.user,
                session=session,
                code=form.cleaned_data["code"],
                method=Attendance.Method.QR,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("签到成功：%(s)s") % {"s": session})
            return redirect("cultivation:my")
    return render(
        request, "cultivation/self/signin.html", {"form": form, "session": session, "link": True}
    )


@never_cache
@permission_required("cultivation.request_makeup", raise_exception=True)
def my_makeup(request):
    cadre = selectors.own_cadre(request.user)
    candidates = list(selectors.makeup_candidates(cadre)) if cadre else []
    form = MakeUpForm(request.POST or None, request.FILES or None, candidates=candidates)
    if not request.POST and request.GET.get("session"):
        form.initial["session"] = request.GET["session"]
    if request.method == "POST" and form.is_valid():
        chosen = next(a.session for a in candidates if a.session_id == form.cleaned_data["session"])
        try:
            services.makeup_request(
                actor=request.user,
                session=chosen,
                how=form.cleaned_data["how"],
                evidence=form.cleaned_data.get("evidence"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("补学申请已提交，请等待审核。"))
            return redirect("cultivation:my")
    return render(request, "cultivation/self/makeup_form.html", {"form": form})


@never_cache
@permission_required("cultivation.give_feedback", raise_exception=True)
def my_feedback(request, pk):
    session = selectors.session_get(request.user, pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_submit(
                actor=request.user,
                session=session,
                scores={k: data[k] for k in selectors.DIMENSIONS},
                comment=data.get("comment", ""),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("感谢您的评价。评价以匿名方式汇总，不显示个人答卷。"))
            return redirect("cultivation:my")
    return render(
        request, "cultivation/self/feedback_form.html", {"form": form, "session": session}
    )
