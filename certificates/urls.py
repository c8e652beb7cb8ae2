from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.CertificateListView.as_view(), name="certificate_list"),
    path("issue/", views.CertificateIssueView.as_view(), name="certificate_issue"),
    path("ready/", views.ReadyToIssueView.as_view(), name="ready_list"),
    path("reviews/pending/", views.ReviewPendingView.as_view(), name="review_pending"),
    path("<int:pk>/", views.CertificateDetailView.as_view(), name="certificate_detail"),
    path("<int:pk>/history/", views.CertificateHistoryView.as_view(), name="certificate_history"),
    path("<int:pk>/print/", views.CertificatePrintView.as_view(), name="certificate_print"),
    path("<int:pk>/pdf/", views.CertificatePdfView.as_view(), name="certificate_pdf"),
    path("<int:pk>/pdf/progress/", views.PdfProgressView.as_view(), name="pdf_progress"),
    path("<int:pk>/pdf/retry/", views.CertificatePdfRetryView.as_view(), name="pdf_retry"),
    path("<int:pk>/reissue/", views.CertificateReissueView.as_view(), name="certificate_reissue"),
    path(
        "<int:pk>/withdraw/", views.CertificateWithdrawView.as_view(), name="certificate_withdraw"
    ),
    path("<int:pk>/changes/", views.ChangesEnterView.as_view(), name="changes_enter"),
    path("<int:pk>/review/", views.ReviewAddView.as_view(), name="review_add"),
    path("publicity/", views.PublicityListView.as_view(), name="publicity_list"),
    path("publicity/add/", views.PublicityAddView.as_view(), name="publicity_add"),
    path("publicity/<int:pk>/", views.PublicityDetailView.as_view(), name="publicity_detail"),
    path(
        "publicity/<int:pk>/history/",
        views.PublicityHistoryView.as_view(),
        name="publicity_history",
    ),
    path(
        "publicity/<int:pk>/terminate/",
        views.PublicityTerminateView.as_view(),
        name="publicity_terminate",
    ),
    path("publicity/<int:pk>/print/", views.PublicityPrintView.as_view(), name="publicity_print"),
    path("publicity/<int:pk>/objection/", views.ObjectionAddView.as_view(), name="objection_add"),
    path(
        "objections/<int:pk>/resolve/",
        views.ObjectionResolveView.as_view(),
        name="objection_resolve",
    ),
    path("verify/", views.VerifyLookupView.as_view(), name="verify_lookup"),
    path("verify/<str:code>/", views.VerifyView.as_view(), name="verify"),
]
