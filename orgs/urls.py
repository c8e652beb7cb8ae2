from django.urls import path

from . import picker, views

app_name = "orgs"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("institutions/", views.InstitutionListView.as_view(), name="institution_list"),
    path("institutions/tree/", views.InstitutionTreeView.as_view(), name="institution_tree"),
    path("institutions/pick/", picker.InstitutionPickerView.as_view(), name="institution_picker"),
    path("institutions/add/", views.InstitutionEditView.as_view(), name="institution_add"),
    path(
        "institutions/<int:pk>/", views.InstitutionDetailView.as_view(), name="institution_detail"
    ),
    path(
        "institutions/<int:pk>/edit/", views.InstitutionEditView.as_view(), name="institution_edit"
    ),
    path(
        "institutions/<int:pk>/abolish/",
        views.InstitutionAbolishView.as_view(),
        name="institution_abolish",
    ),
    path(
        "institutions/<int:pk>/history/",
        views.InstitutionHistoryView.as_view(),
        name="institution_history",
    ),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/add/", views.DepartmentEditView.as_view(), name="department_add"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department_detail"),
    path("departments/<int:pk>/edit/", views.DepartmentEditView.as_view(), name="department_edit"),
    path(
        "departments/<int:pk>/abolish/",
        views.DepartmentAbolishView.as_view(),
        name="department_abolish",
    ),
    path(
        "departments/<int:pk>/history/",
        views.DepartmentHistoryView.as_view(),
        name="department_history",
    ),
    path("documents/", views.DocumentListView.as_view(), name="document_list"),
    path("documents/add/", views.DocumentEditView.as_view(), name="document_add"),
    path("documents/<int:pk>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("documents/<int:pk>/edit/", views.DocumentEditView.as_view(), name="document_edit"),
    path("documents/<int:pk>/scan/", views.DocumentScanView.as_view(), name="document_scan"),
    path(
        "documents/<int:pk>/history/",
        views.DocumentHistoryView.as_view(),
        name="document_history",
    ),
]
