import uuid

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone
from ipware import get_client_ip

from .audit import RequestContext, current_request, request_context


def client_ip(request) -> str | None:
    # Behind nginx set TRUSTED_PROXY_COUNT=1 so X-Forwarded-For is read; otherwise only
    # REMOTE_ADDR is trusted and a client cannot forge its address in the audit log.
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        ip, _routable = get_client_ip(request, proxy_count=count)
    else:
        ip = request.META.get("REMOTE_ADDR")
    return str(ip) if ip else None


class RequestIdMiddleware:
    """Give each request an id (echoed in X-Request-ID) and make it, the client address and
    the user available to the audit log without passing the request everywhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = current_request.set(
            RequestContext(request_id=request.request_id, ip_address=client_ip(request))
        )
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class SessionTimeoutMiddleware:
    """Sign a user out after SESSION_IDLE_TIMEOUT without a request, or SESSION_ABSOLUTE_TIMEOUT
    after sign-in, whichever comes first (等保 8.1.4.1b).

    The last-seen stamp is rewritten only when it is older than IDLE_RESOLUTION: writing it on
    every request cost three queries a page (read, update, commit) for a precision nobody
    needs. A session may therefore live up to IDLE_RESOLUTION longer than the idle timeout."""

    IDLE_KEY = "qm_last_seen"
    START_KEY = "qm_signed_in"
    IDLE_RESOLUTION = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ctx = request_context()
            current_request.set(RequestContext(ctx.request_id, ctx.ip_address, user))
            now = timezone.now().timestamp()
            last = request.session.get(self.IDLE_KEY, now)
            start = request.session.get(self.START_KEY)
            if start is None:
                start = request.session[self.START_KEY] = now
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if now - last > idle or now - start > absolute:
                from .audit import record

                record("accounts.session.expired", actor=user)
                logout(request)
                response = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
                # As on a manual sign-out: the browser drops what it kept of personal pages.
                response["Clear-Site-Data"] = '"cache", "storage"'
                return response
            if self.IDLE_KEY not in request.session or now - last >= self.IDLE_RESOLUTION:
                request.session[self.IDLE_KEY] = now
        return self.get_response(request)
