from django.urls import path

from . import views

app_name = "followups"

urlpatterns = [
    path("", views.FollowUpListView.as_view(), name="followup_list"),
    path("schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("<int:pk>/", views.FollowUpDetailView.as_view(), name="followup_detail"),
    path("<int:pk>/history/", views.FollowUpHistoryView.as_view(), name="followup_history"),
    path("<int:pk>/score/", views.FollowUpScoreView.as_view(), name="followup_score"),
    path("<int:pk>/finish/", views.FollowUpFinishView.as_view(), name="followup_finish"),
    path("proposals/<int:pk>/accept/", views.ProposalAcceptView.as_view(), name="proposal_accept"),
    path(
        "proposals/<int:pk>/dismiss/", views.ProposalDismissView.as_view(), name="proposal_dismiss"
    ),
    path("research/", views.ResearchListView.as_view(), name="research_list"),
    path("research/add/", views.ResearchAddView.as_view(), name="research_add"),
    path("research/<int:pk>/", views.ResearchDetailView.as_view(), name="research_detail"),
    path(
        "research/<int:pk>/history/",
        views.ResearchHistoryView.as_view(),
        name="research_history",
    ),
]
