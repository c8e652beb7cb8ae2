from django.urls import path

from . import views

app_name = "checks"

urlpatterns = [
    path("", views.BreachListView.as_view(), name="breach_list"),
    path("overview-card/", views.OverviewCardView.as_view(), name="overview_card"),
]
