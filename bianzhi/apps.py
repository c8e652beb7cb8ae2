from django.apps import AppConfig


class BianzhiConfig(AppConfig):
    name = "bianzhi"
    verbose_name = "机构编制实名制管理"

    def ready(self):
        from . import ledgers

        ledgers.autodiscover()
