from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "checks"
    verbose_name = "自查"

    def ready(self):
        # The definitions register themselves; the figure set is warmed by the task worker.
        from . import establishment, figures, identity, personnel  # noqa: F401
