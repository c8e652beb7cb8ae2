from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("", views.ProblemListView.as_view(), name="problem_list"),
    path("add/", views.ProblemAddView.as_view(), name="problem_add"),
    path("from-breach/", views.ProblemFromBreachView.as_view(), name="problem_from_breach"),
    path("summary/", views.ProblemSummaryView.as_view(), name="problem_summary"),
    path("<int:pk>/", views.ProblemDetailView.as_view(), name="problem_detail"),
    path("<int:pk>/history/", views.ProblemHistoryView.as_view(), name="problem_history"),
    path("<int:pk>/report/", views.ProblemReportView.as_view(), name="problem_report"),
    path("<int:pk>/sign-off/", views.ProblemSignOffView.as_view(), name="problem_sign_off"),
    path("<int:pk>/return/", views.ProblemReturnView.as_view(), name="problem_return"),
]
