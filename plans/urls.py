from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("add/", views.PlanAddView.as_view(), name="plan_add"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:pk>/issue/", views.PlanIssueView.as_view(), name="plan_issue"),
    path("lines/", views.PlanLineListView.as_view(), name="line_list"),
    path("lines/<int:pk>/set/", views.LineSetView.as_view(), name="line_set"),
    path("ledger/", views.PlanLedgerView.as_view(), name="ledger"),
]
