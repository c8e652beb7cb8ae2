from django.urls import path

from . import views

app_name = "hospitals"

urlpatterns = [
    path("", views.HospitalListView.as_view(), name="hospital_list"),
    path("add/", views.HospitalAddView.as_view(), name="hospital_add"),
    path("<int:pk>/", views.HospitalDetailView.as_view(), name="hospital_detail"),
    path("<int:pk>/figures/", views.FiguresAddView.as_view(), name="figures_add"),
    path("<int:pk>/control-total/", views.ControlTotalAddView.as_view(), name="control_total_add"),
    path("filed-staff/", views.FiledStaffListView.as_view(), name="filedstaff_list"),
    path("filed-staff/add/", views.FiledStaffAddView.as_view(), name="filedstaff_add"),
    path("filed-staff/<int:record>/end/", views.FiledStaffEndView.as_view(), name="filedstaff_end"),
    path("standards/", views.StandardListView.as_view(), name="standard_list"),
    path("standards/edit/", views.StandardEditView.as_view(), name="standard_edit"),
]
