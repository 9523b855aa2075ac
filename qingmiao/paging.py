"""Pagination that stays fast on large, joined lists.

A list row needs many joined tables (unit, codes...), but only a page of rows is shown. Sorting
and limiting the joined query makes the database join every matching row first; instead the
page's ids are found on the base table alone, then only those rows are fetched with their joins.
Queries per page stay constant: count, ids, rows, plus the queryset's prefetches.
"""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class IdFirstPaginator(Paginator):
    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            raise TypeError("IdFirstPaginator pages a queryset.")
        ids = list(
            queryset.select_related(None)
            .prefetch_related(None)
            .values_list("pk", flat=True)[bottom:top]
        )
        rows = queryset.model._default_manager.none()
        if ids:
            by_id = {obj.pk: obj for obj in _fetch(queryset, ids)}
            rows = [by_id[pk] for pk in ids if pk in by_id]
        # _get_page is Paginator's documented hook for the page class; django-stubs omits it.
        return self._get_page(rows or [], number, self)  # type: ignore[attr-defined]


def _fetch(queryset, ids):
    """The full rows for `ids`, keeping the original queryset's joins and prefetches."""
    fetch = queryset.model._default_manager.filter(pk__in=ids)
    fetch.query.select_related = queryset.query.select_related
    fetch._prefetch_related_lookups = queryset._prefetch_related_lookups
    return fetch
