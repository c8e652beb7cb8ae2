from django.apps import AppConfig


class BianzhiConfig(AppConfig):
    name = "bianzhi"
    verbose_name = "机构编制实名制管理"

    def ready(self):
        from simple_history.signals import post_create_historical_record

        from . import figures_cache, home, ledgers, table_cells

        table_cells.install()
        ledgers.autodiscover()
        home.autodiscover()
        post_create_historical_record.connect(
            figures_cache.history_written, dispatch_uid="bianzhi.figures_cache"
        )
