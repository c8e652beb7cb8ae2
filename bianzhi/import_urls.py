from django.urls import path

from . import import_views as views

app_name = "imports"

urlpatterns = [
    path("", views.ImportJobListView.as_view(), name="index"),
    path("jobs/<int:pk>/", views.ImportJobView.as_view(), name="job"),
    path("jobs/<int:pk>/errors/", views.ImportMarkedView.as_view(), name="marked"),
]
