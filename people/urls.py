from django.urls import path

from . import views
from .requests import actions, item_views
from .requests import views as request_views

app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path(
        "retirement-forecast/",
        views.RetirementForecastView.as_view(),
        name="retirement_forecast",
    ),
    path("overview/charts/", views.OverviewChartsView.as_view(), name="overview_charts"),
    path(
        "overview/duplicates/",
        views.OverviewDuplicatesView.as_view(),
        name="overview_duplicates",
    ),
    path("entry/", views.EntryView.as_view(), name="entry_add"),
    path("supervision/", views.SupervisionView.as_view(), name="supervision"),
    path("notifications/", views.NotificationsView.as_view(), name="notifications"),
    path("notifications/read/", views.NoticesReadView.as_view(), name="notices_read"),
    path("notifications/<int:pk>/", views.NoticeOpenView.as_view(), name="notice_open"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("<int:pk>/history/", views.PersonHistoryView.as_view(), name="person_history"),
    path("<int:pk>/appoint/", views.AppointmentView.as_view(), name="appointment_add"),
    path("records/<int:pk>/exit/", views.ExitView.as_view(), name="exit_add"),
    path("records/<int:pk>/transfer/", views.TransferView.as_view(), name="transfer_add"),
    path(
        "institutions/<int:pk>/asof/",
        views.InstitutionAsOfView.as_view(),
        name="institution_asof",
    ),
    path(
        "institutions/<int:pk>/reconciliation/",
        views.InstitutionReconciliationView.as_view(),
        name="institution_reconciliation",
    ),
    path("requests/", request_views.RequestListView.as_view(), name="request_list"),
    path("requests/add/", request_views.RequestCreateView.as_view(), name="request_add"),
    path("requests/<int:pk>/", request_views.RequestDetailView.as_view(), name="request_detail"),
    path(
        "requests/<int:pk>/history/",
        request_views.RequestHistoryView.as_view(),
        name="request_history",
    ),
    path("requests/<int:pk>/edit/", actions.RequestEditView.as_view(), name="request_edit"),
    path(
        "requests/<int:pk>/items/add/",
        item_views.RequestItemAddView.as_view(),
        name="request_item_add",
    ),
    path(
        "requests/<int:pk>/items/<int:item_pk>/remove/",
        item_views.RequestItemRemoveView.as_view(),
        name="request_item_remove",
    ),
    path(
        "requests/<int:pk>/items/<int:item_pk>/edit/",
        item_views.RequestItemEditView.as_view(),
        name="request_item_edit",
    ),
    path("requests/<int:pk>/submit/", actions.RequestSubmitView.as_view(), name="request_submit"),
    path(
        "requests/<int:pk>/discard/", actions.RequestDiscardView.as_view(), name="request_discard"
    ),
    path("requests/<int:pk>/review/", actions.RequestReviewView.as_view(), name="request_review"),
    path("requests/<int:pk>/return/", actions.RequestReturnView.as_view(), name="request_return"),
    path("requests/<int:pk>/note/", actions.RequestNoteView.as_view(), name="request_note"),
    path(
        "requests/<int:pk>/approve/", actions.RequestApproveView.as_view(), name="request_approve"
    ),
    path(
        "appointments/<int:pk>/end/",
        views.AppointmentEndView.as_view(),
        name="appointment_end",
    ),
    path("import/", views.RosterImportView.as_view(), name="roster_import"),
    path("import/switch/", views.RosterSwitchView.as_view(), name="roster_switch"),
    path("import/template/", views.RosterTemplateView.as_view(), name="roster_template"),
    path("units/<int:pk>/roster/", views.UnitRosterView.as_view(), name="unit_roster"),
    path(
        "units/<int:pk>/roster/download/",
        views.UnitRosterDownloadView.as_view(),
        name="unit_roster_download",
    ),
    path(
        "units/roster/errors/<str:token>/",
        views.UnitRosterMarkedView.as_view(),
        name="unit_roster_marked",
    ),
]
