from django.urls import path

from . import views, views_score, views_survey

app_name = "assessments"

urlpatterns = [
    path("", views.RoundListView.as_view(), name="round_list"),
    path("rounds/add/", views.RoundAddView.as_view(), name="round_add"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/survey/", views_survey.RoundSurveyView.as_view(), name="round_survey"),
    path("rounds/<int:pk>/history/", views.RoundHistoryView.as_view(), name="round_history"),
    path("rounds/<int:pk>/advance/", views.RoundAdvanceView.as_view(), name="round_advance"),
    path("rounds/<int:pk>/units/", views.RoundAddUnitsView.as_view(), name="round_add_units"),
    path("schemes/", views.SchemeListView.as_view(), name="scheme_list"),
    path("schemes/add/", views.SchemeAddView.as_view(), name="scheme_add"),
    path("schemes/<int:pk>/", views.SchemeDetailView.as_view(), name="scheme_detail"),
    path(
        "schemes/<int:pk>/indicators/add/",
        views.IndicatorFormView.as_view(),
        name="indicator_add",
    ),
    path("indicators/<int:pk>/edit/", views.IndicatorEditView.as_view(), name="indicator_edit"),
    path("schemes/<int:pk>/history/", views.SchemeHistoryView.as_view(), name="scheme_history"),
    path("schemes/<int:pk>/copy/", views.SchemeCopyView.as_view(), name="scheme_copy"),
    path("evaluations/", views.EvaluationListView.as_view(), name="evaluation_list"),
    path(
        "evaluations/<int:pk>/",
        views_score.EvaluationScoreView.as_view(),
        name="evaluation_score",
    ),
    path(
        "evaluations/<int:pk>/history/",
        views_score.EvaluationHistoryView.as_view(),
        name="evaluation_history",
    ),
    path(
        "evaluations/<int:pk>/submit/",
        views_score.EvaluationSubmitView.as_view(),
        name="evaluation_submit",
    ),
    path(
        "evaluations/<int:pk>/finish/",
        views_score.EvaluationFinishView.as_view(),
        name="evaluation_finish",
    ),
    path(
        "evaluations/<int:pk>/problem/",
        views_score.EvaluationProblemView.as_view(),
        name="evaluation_problem",
    ),
    path(
        "evaluations/<int:pk>/fill/",
        views_score.EvaluationFillView.as_view(),
        name="evaluation_fill",
    ),
]
