from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "实名人员"
