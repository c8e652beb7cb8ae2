from django.urls import path

from . import export_views as views

app_name = "exports"

urlpatterns = [
    path("", views.LedgerIndexView.as_view(), name="index"),
    path("<slug:kind>/start/", views.ExportStartView.as_view(), name="start"),
    path("jobs/<int:pk>/", views.ExportJobView.as_view(), name="job"),
    path("jobs/<int:pk>/download/", views.ExportDownloadView.as_view(), name="download"),
]
