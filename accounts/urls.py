from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.AccountListView.as_view(), name="account_list"),
    path("add/", views.AccountCreateView.as_view(), name="account_add"),
    path("clerks/", views.ClerkAccountsView.as_view(), name="clerk_accounts"),
    path("logins/", views.LoginLogView.as_view(), name="login_log"),
    path("access-log/", views.AccessLogView.as_view(), name="access_log"),
    path("logins/unlock/", views.AddressUnlockView.as_view(), name="address_unlock"),
    path("<int:pk>/", views.AccountDetailView.as_view(), name="account_detail"),
    path("<int:pk>/edit/", views.AccountEditView.as_view(), name="account_edit"),
]
urlpatterns += [
    path(
        f"<int:pk>/{action}/",
        views.AccountActionView.as_view(action=action),
        name=f"account_{action}",
    )
    for action in ("deactivate", "reactivate", "reset", "unlock")
]
