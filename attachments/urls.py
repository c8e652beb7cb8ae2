from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("<int:pk>/", views.AttachmentDownloadView.as_view(), name="download"),
    path("<int:pk>/delete/", views.AttachmentDeleteView.as_view(), name="delete"),
    path("add/<slug:kind>/<int:pk>/", views.AttachmentAddView.as_view(), name="add"),
]
