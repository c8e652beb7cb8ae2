from django.urls import path

from . import views

app_name = "confirmations"

urlpatterns = [
    path("", views.WorklistView.as_view(), name="worklist"),
    path("confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("<int:pk>/reject/", views.RejectView.as_view(), name="reject"),
]
