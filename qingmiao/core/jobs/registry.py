"""Which functions may run as jobs. A job row names its handler by dotted path; the worker
imports it and runs it only if it was declared with `@job_handler`."""

from collections.abc import Callable

from django.utils.module_loading import import_string

Handler = Callable[..., None]


class JobError(Exception):
    """A failure the user should read (in their language): shown as the job's reason."""


def job_handler(func: Handler) -> Handler:
    func._qingmiao_job_handler = True  # type: ignore[attr-defined]
    return func


def handler_path(func: Handler) -> str:
    if not getattr(func, "_qingmiao_job_handler", False):
        raise TypeError(f"{func!r} is not declared with @job_handler")
    return f"{func.__module__}.{func.__qualname__}"


def load_handler(path: str) -> Handler:
    func = import_string(path)
    if not getattr(func, "_qingmiao_job_handler", False):
        raise TypeError(f"{path} is not declared with @job_handler")
    return func
