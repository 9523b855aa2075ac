"""What the results and plan lists share: a filtered, paginated page of a scoped queryset."""

from qingmiao.paging import IdFirstPaginator

PAGE_SIZES = (20, 50, 100)


def page_size_of(params) -> int:
    try:
        size = int(params.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def list_context(request, filter_class, queryset) -> dict:
    """The filter, the page of rows (ids first, then the rows with their joins) and the query
    string without the page, for the list templates."""
    params = request.GET
    filterset = filter_class(params, queryset=queryset, user=request.user)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    paginator = IdFirstPaginator(rows, page_size_of(params))
    page = paginator.get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    return {
        "filter": filterset,
        "rows": rows,
        "page": page,
        "query": query.urlencode(),
        "page_sizes": PAGE_SIZES,
        "page_size": paginator.per_page,
        "sort": params.get("sort", ""),
    }
