from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = "跟踪问效"

    def ready(self):
        from . import hooks

        hooks.connect()
