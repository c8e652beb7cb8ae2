from django.apps import AppConfig


class HospitalsConfig(AppConfig):
    name = "hospitals"
    verbose_name = "公立医院备案管理"

    def ready(self):
        from people.rules import register_other_placement

        from .services import filed_placement

        # Rule 7 both ways: people's entry checks refuse a person active on 备案制.
        register_other_placement(filed_placement)
