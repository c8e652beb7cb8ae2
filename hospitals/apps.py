from django.apps import AppConfig


class HospitalsConfig(AppConfig):
    name = "hospitals"
    verbose_name = "公立医院备案管理"

    def ready(self):
        from people.rules import register_entry_check, register_other_placement

        from .services import check_entry_within_control_total, filed_placement

        # Rule 7 both ways: people's entry checks refuse a person active on 备案制.
        register_other_placement(filed_placement)
        # Rule 29: a 编制 entry into a hospital stays within its control total too.
        register_entry_check(check_entry_within_control_total)
