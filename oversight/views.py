"""问题台账 pages: the list (filters, search, overdue and 数据已消除 flags), one problem with
its evidence, the unit's report and the office's verification."""

from bianzhi.views import ObjectDetailView, ObjectHistoryView, ObjectListView

from . import selectors
from .filtersets import ProblemFilterSet
from .models import Problem
from .tables import ProblemTable

PROBLEMS = Problem.objects.select_related("institution", "responsible_institution")


class ProblemListView(ObjectListView):
    model = Problem
    queryset = PROBLEMS
    table_class = ProblemTable
    filterset_class = ProblemFilterSet
    export_kind = "problems"
    title = "问题台账"
    template_name = "oversight/problem_list.html"

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        kwargs["cleared"] = selectors.cleared_by_data(self.get_queryset(), self.request.user)
        return kwargs


class ProblemDetailView(ObjectDetailView):
    model = Problem
    queryset = PROBLEMS
    template_name = "oversight/problem_detail.html"


class ProblemHistoryView(ObjectHistoryView):
    model = Problem
    queryset = PROBLEMS
