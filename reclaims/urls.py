from django.urls import path

from . import views

app_name = "reclaims"

urlpatterns = [
    path("", views.ProposalListView.as_view(), name="proposal_list"),
    path("scan/", views.ScanView.as_view(), name="scan"),
    path("scan/<int:pk>/", views.ScanJobView.as_view(), name="scan_job"),
    path("<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path("<int:pk>/history/", views.ProposalHistoryView.as_view(), name="proposal_history"),
    path("<int:pk>/accept/", views.ProposalAcceptView.as_view(), name="proposal_accept"),
    path("<int:pk>/keep/", views.ProposalKeepView.as_view(), name="proposal_keep"),
]
