from django.apps import AppConfig


class ConfirmationsConfig(AppConfig):
    name = "confirmations"
    verbose_name = "身份确认"

    def ready(self):
        # The receivers reset a confirmation when the status it confirmed changes (rule 47).
        from . import signals  # noqa: F401
