from django.shortcuts import render

from archive.forms import SearchForm
from archive.search import MAX_RESULTS, search
from archive.selectors import meetings_by_year
from ror_portal.access import role_required
from ror_portal.roles import READERS


@role_required(READERS)
def archive(request):
    return render(
        request,
        "archive/archive.html",
        {"years": meetings_by_year(request.user), "form": SearchForm()},
    )


@role_required(READERS)
def search_page(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "archive/search.html",
        {
            "form": form,
            "query": query,
            "hits": search(request.user, query) if query else None,
            "max_results": MAX_RESULTS,
        },
    )
