from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("", views.ProblemListView.as_view(), name="problem_list"),
    path("<int:pk>/", views.ProblemDetailView.as_view(), name="problem_detail"),
    path("<int:pk>/history/", views.ProblemHistoryView.as_view(), name="problem_history"),
]
