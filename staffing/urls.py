from django.urls import path

from . import views

app_name = "staffing"

urlpatterns = [
    path(
        "institutions/<int:pk>/",
        views.InstitutionEstablishmentView.as_view(),
        name="institution_establishment",
    ),
    path(
        "institutions/<int:pk>/timeline/",
        views.InstitutionTimelineView.as_view(),
        name="institution_timeline",
    ),
    path(
        "lines/<int:pk>/structure/",
        views.PostStructureSetView.as_view(),
        name="post_structure_set",
    ),
    path("adjustments/", views.AdjustmentListView.as_view(), name="adjustment_list"),
    path("adjustments/add/", views.AdjustmentAddView.as_view(), name="adjustment_add"),
    path("adjustments/<int:pk>/", views.AdjustmentDetailView.as_view(), name="adjustment_detail"),
    path(
        "adjustments/<int:pk>/push-down/",
        views.AdjustmentPushDownView.as_view(),
        name="adjustment_push_down",
    ),
    path("push-down/", views.PushDownTotalsView.as_view(), name="push_down_totals"),
    path(
        "adjustments/<int:pk>/history/",
        views.AdjustmentHistoryView.as_view(),
        name="adjustment_history",
    ),
    path("permits/", views.PermitListView.as_view(), name="permit_list"),
    path("permits/add/", views.PermitAddView.as_view(), name="permit_add"),
    path("permits/<int:pk>/", views.PermitDetailView.as_view(), name="permit_detail"),
    path("permits/<int:pk>/print/", views.PermitPrintView.as_view(), name="permit_print"),
    path("permits/<int:pk>/cancel/", views.PermitCancelView.as_view(), name="permit_cancel"),
    path("permits/<int:pk>/history/", views.PermitHistoryView.as_view(), name="permit_history"),
    path("totals/", views.RegionTotalsView.as_view(), name="region_totals"),
    path("totals/set/", views.RegionTotalSetView.as_view(), name="region_total_set"),
    path("pools/", views.PoolListView.as_view(), name="pool_list"),
    path("pools/<int:pk>/", views.PoolDetailView.as_view(), name="pool_detail"),
    path("loans/", views.LoanListView.as_view(), name="loan_list"),
    path("loans/add/", views.LoanAddView.as_view(), name="loan_add"),
    path("loans/<int:pk>/return/", views.LoanReturnView.as_view(), name="loan_return"),
    path("special-quotas/", views.SpecialQuotaListView.as_view(), name="special_quota_list"),
    path("special-quotas/add/", views.SpecialQuotaAddView.as_view(), name="special_quota_add"),
    path(
        "special-quotas/<int:pk>/permit/",
        views.SpecialPermitAddView.as_view(),
        name="special_permit_add",
    ),
    path("leadership/", views.LeadershipListView.as_view(), name="leadership_list"),
    path("leadership/set/", views.LeadershipSetView.as_view(), name="leadership_set"),
    path(
        "leadership/<int:pk>/history/",
        views.LeadershipHistoryView.as_view(),
        name="leadership_history",
    ),
    path("import/", views.InstitutionsImportView.as_view(), name="institutions_import"),
    path(
        "import/template/", views.InstitutionsTemplateView.as_view(), name="institutions_template"
    ),
]
