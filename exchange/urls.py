from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("export/", views.ExportView.as_view(), name="package_export"),
    path("import/", views.ImportView.as_view(), name="package_import"),
    path("jobs/<int:pk>/", views.JobView.as_view(), name="package_job"),
    path("jobs/<int:pk>/download/", views.DownloadView.as_view(), name="package_download"),
]
