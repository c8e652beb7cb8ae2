"""全局搜索 (the navigation bar's search box): one query, every kind of object the user may see,
grouped by kind. Searches by ID number are written to the access log, as the roster's are."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.views.generic import TemplateView

from bianzhi import access
from people import idsearch

from .finders import LIMIT, Query, search

NO_ROLE = "您没有角色，不能搜索。"
MAX_QUERY_LENGTH = 50


class SearchView(TemplateView):
    template_name = "search/results.html"

    def dispatch(self, request, *args, **kwargs):
        if not access.ANY_ROLE.allows(request.user):
            raise PermissionDenied(NO_ROLE)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        query = Query.read(request.GET.get("q", "")[:MAX_QUERY_LENGTH])
        groups = search(request.user, query) if query.text else []
        if query.id_number is not None and query.id_number.searchable:
            people = next((group for group in groups if group.kind == "people"), None)
            found = [hit.title for hit in people.hits[:2]] if people else []
            idsearch.log_search(request, query.id_number, found)
            # A whole ID number names one person: go to the person's page, as the roster does,
            # rather than show the number back in a list.
            if query.is_whole_id_number and people and len(people.hits) == 1:
                return HttpResponseRedirect(people.hits[0].url)
        context = self.get_context_data(
            query=query,
            # A whole number (or a mistyped one) is not written back into the search box.
            search_query=query.text if len(query.text) < 15 or not query.id_number else "",
            groups=groups,
            empty_labels=[group.label for group in groups if not group.hits and not group.note],
            found=sum(len(group.hits) for group in groups),
            limit=LIMIT,
        )
        return self.render_to_response(context)
