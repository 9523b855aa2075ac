"""What mentoring's list pages share: page sizes, the query without its page, the sort."""

from functools import wraps

from django.core.exceptions import PermissionDenied

PAGE_SIZES = (20, 50, 100)


def page_size_of(params) -> int:
    try:
        size = int(params.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def page_of(paginator_class, queryset, params):
    return paginator_class(queryset, page_size_of(params)).get_page(params.get("page"))


def list_context(request, default_sort: str) -> dict:
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "query": query.urlencode(),
        "sort": request.GET.get("sort") or default_sort,
        "page_sizes": PAGE_SIZES,
        "page_size": page_size_of(request.GET),
    }


def reads_mentoring(view):
    """Staff who read mentoring, and the two sides of a pair (a cadre writes logs but reads
    no one else's): the scoped getter then decides which pair or log."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (
            user.has_perm("cultivation.view_mentoring")
            or user.has_perm("cultivation.write_mentoring_log")
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
