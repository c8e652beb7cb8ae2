from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号管理"

    def ready(self):
        from . import signals  # noqa: F401  (connects the login log and the session stamp)
