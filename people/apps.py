from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "实名人员"

    def ready(self):
        from attachments import registry as attachments
        from orgs.services import abolition_checks, kind_change_checks

        from . import figures  # noqa: F401  (registers the figure sets the task worker warms)
        from .kind_change import records_left_on_kind_change
        from .requests import registry
        from .requests.evidence import REQUEST_ATTACHMENTS
        from .services import records_left_on_abolition

        if records_left_on_abolition not in abolition_checks:
            abolition_checks.append(records_left_on_abolition)
        if records_left_on_kind_change not in kind_change_checks:
            kind_change_checks.append(records_left_on_kind_change)
        registry.autodiscover()
        attachments.register(REQUEST_ATTACHMENTS)
