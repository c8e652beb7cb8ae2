from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = "问题台账"

    def ready(self):
        from attachments import registry as attachments
        from checks import registry as checks

        from .breach_actions import problem_buttons
        from .evidence import PROBLEM_ATTACHMENTS

        attachments.register(PROBLEM_ATTACHMENTS)
        checks.register_row_action(problem_buttons)
