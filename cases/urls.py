from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case_list"),
    path("add/", views.CaseAddView.as_view(), name="case_add"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("<int:pk>/history/", views.CaseHistoryView.as_view(), name="case_history"),
    path("<int:pk>/assign/", views.CaseAssignView.as_view(), name="case_assign"),
    path("<int:pk>/investigate/", views.CaseInvestigateView.as_view(), name="case_investigate"),
    path("<int:pk>/conclude/", views.CaseConcludeView.as_view(), name="case_conclude"),
    path("<int:pk>/responsible/", views.ResponsibleAddView.as_view(), name="responsible_add"),
    path("<int:pk>/problem/", views.CaseProblemAddView.as_view(), name="problem_add"),
    path("<int:pk>/feedback/", views.CaseFeedbackView.as_view(), name="case_feedback"),
    path("<int:pk>/close/", views.CaseCloseView.as_view(), name="case_close"),
    path(
        "responsible/<int:pk>/remove/",
        views.ResponsibleRemoveView.as_view(),
        name="responsible_remove",
    ),
]
