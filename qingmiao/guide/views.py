"""帮助: the user guides, readable by everyone signed in (they describe the product, not data)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .guides import BY_SLUG, GUIDES, guide_for


@require_GET
def index(request):
    return render(request, "help/index.html", {"guides": GUIDES, "own": guide_for(request.user)})


@require_GET
def guide(request, slug: str):
    current = BY_SLUG.get(slug)
    if current is None:
        raise Http404
    return render(
        request,
        "help/guide.html",
        {"guide": current, "guides": GUIDES, "own": guide_for(request.user)},
    )
