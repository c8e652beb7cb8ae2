from django.urls import path

from . import views_score

app_name = "assessments"

urlpatterns = [
    path(
        "evaluations/<int:pk>/",
        views_score.EvaluationScoreView.as_view(),
        name="evaluation_score",
    ),
]
