"""Notifications every app sends: `notify(...)` inside the business transaction, delivery after
commit. Apps register their kinds of event with `register(EventKind(...))`."""

from .registry import EventKind, all_kinds, get, register
from .services import notify

__all__ = ["EventKind", "all_kinds", "get", "notify", "register"]
