from django.urls import path

from . import views

app_name = "payroll"

urlpatterns = [
    path("", views.RunListView.as_view(), name="run_list"),
    path("add/", views.RunCreateView.as_view(), name="run_add"),
    path("template/", views.PayrollTemplateView.as_view(), name="template"),
    path("<int:pk>/", views.RunDetailView.as_view(), name="run_detail"),
    path("<int:pk>/problems/", views.KindProblemsView.as_view(), name="run_problems"),
    path("findings/", views.FindingListView.as_view(), name="finding_list"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding_detail"),
    path("findings/<int:pk>/problem/", views.FindingProblemView.as_view(), name="finding_problem"),
]
