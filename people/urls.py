from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("entry/", views.EntryView.as_view(), name="entry_add"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("<int:pk>/history/", views.PersonHistoryView.as_view(), name="person_history"),
    path("<int:pk>/appoint/", views.AppointmentView.as_view(), name="appointment_add"),
    path("records/<int:pk>/exit/", views.ExitView.as_view(), name="exit_add"),
    path("records/<int:pk>/transfer/", views.TransferView.as_view(), name="transfer_add"),
    path(
        "appointments/<int:pk>/end/",
        views.AppointmentEndView.as_view(),
        name="appointment_end",
    ),
]
