from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("", views.StandardListView.as_view(), name="standard_list"),
    path("<int:pk>/", views.SchoolDetailView.as_view(), name="school_detail"),
    path("add/", views.SchoolProfileEditView.as_view(), name="profile_add"),
    path("<int:pk>/edit/", views.SchoolProfileEditView.as_view(), name="profile_edit"),
    path("students/", views.StudentCountSetView.as_view(), name="student_set"),
    path("students/import/", views.StudentImportView.as_view(), name="student_import"),
    path(
        "students/import/template/",
        views.StudentTemplateView.as_view(),
        name="student_template",
    ),
    path(
        "students/import/errors/<str:token>/",
        views.StudentMarkedView.as_view(),
        name="student_marked",
    ),
    path("standard/", views.StandardSettingsView.as_view(), name="standard_settings"),
    path("reallocations/", views.ReallocationListView.as_view(), name="reallocation_list"),
    path("reallocations/add/", views.ReallocationAddView.as_view(), name="reallocation_add"),
]
