from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "经费核定"

    def ready(self):
        # The figure set must be known to the task worker that keeps it warm.
        from . import figures  # noqa: F401
