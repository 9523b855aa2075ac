from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from . import ledger
from .forms import AuditFilterForm, LoginForm
from .models import AuditEntry


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@method_decorator(never_cache, name="dispatch")
class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # Tell the browser to drop what it cached of personal pages (等保 residual information).
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        from .audit import record

        response = super().form_valid(form)
        record("accounts.password.changed", actor=self.request.user)
        return response


@never_cache
@permission_required("accounts.view_auditentry", raise_exception=True)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    queryset = AuditEntry.objects.select_related(None).order_by("-id")
    if request.GET:
        queryset = form.apply(queryset)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_list.html",
        {"form": form, "page": page, "rows": ledger.rows(page), "query": query.urlencode()},
    )
