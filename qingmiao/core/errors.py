"""One way a refusal travels from a service to the user.

A service refuses with Django's `ValidationError` (by field when it can name one) or with
`StaleVersion` when someone else saved first. Pages put the refusal on their form with
`apply_errors`; the API turns it into a response in `exception_handler`, set as DRF's
`EXCEPTION_HANDLER`. Neither a view nor an endpoint catches a service's error itself, so the
page and the API say the same words.

    ValidationError      → the form's fields / API 400 {field: [messages]}
    StaleVersion         → the form's top      / API 409 {"detail": message}
    Http404, ObjectDoesNotExist (out of scope) → API 404
    PermissionDenied (missing capability)      → API 403
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class StaleVersion(ValidationError):
    """Someone else saved the record after this user opened it: nothing was changed."""


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"


def error_text(exc: ValidationError) -> str:
    """Every message of a refusal in one line, for a page that shows it as a flash message."""
    return " ".join(str(m) for m in exc.messages)


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's refusal on a page form: a field's errors beside that field (marked
    invalid for assistive technology and Bootstrap), everything else at the top of the form."""
    if isinstance(exc, StaleVersion) or not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.error_dict.items():
        if name in form.fields:
            form.add_error(name, errors)
            widget = form.fields[name].widget
            widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
            widget.attrs["aria-invalid"] = "true"
        else:
            form.add_error(None, errors)


def error_detail(exc: ValidationError, nesting: dict | None = None) -> dict:
    """A refusal in the API's shape: {field: [messages]}, non-field messages under
    `non_field_errors`. A service names an item of a list it was given with a dotted key
    (`dimensions.1.name`), which nests as DRF nests item errors.

    `nesting` lets a resource place item errors inside the list they belong to, declared once
    on the view: {"reason_": ("overrides", "reason")} turns `reason_12` into
    `{"overrides": {"12": {"reason": [...]}}}`; an inner key of None puts the messages
    directly under the item."""
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if not hasattr(exc, "error_dict"):
        return {non_field: [str(m) for m in exc.messages]}
    detail: dict = {}
    for key, messages in exc.message_dict.items():
        messages = [str(m) for m in messages]
        if "." in key:
            # `dimensions.1.name`: an item of a list the request sent, nested as DRF nests it.
            *path, last = key.split(".")
            node = detail
            for step in path:
                node = node.setdefault(step, {})
            node[last] = messages
            continue
        for prefix, (parent, inner) in (nesting or {}).items():
            if key.startswith(prefix):
                item = key.removeprefix(prefix)
                detail.setdefault(parent, {})[item] = (
                    {inner: messages} if inner is not None else messages
                )
                break
        else:
            detail[non_field if key == NON_FIELD_ERRORS else key] = messages
    return detail


def exception_handler(exc, context):
    """DRF's handler, taught the service errors. A view may declare `service_error_nesting`
    (see `error_detail`) for item errors of a list it accepts."""
    if isinstance(exc, StaleVersion):
        exc = Conflict(error_text(exc))
    elif isinstance(exc, ValidationError):
        nesting = getattr(context.get("view"), "service_error_nesting", None)
        exc = exceptions.ValidationError(error_detail(exc, nesting))
    elif isinstance(exc, ObjectDoesNotExist):
        exc = Http404()
    return drf_exception_handler(exc, context)
