from django.apps import AppConfig


class FormatsConfig(AppConfig):
    name = "toasoan.formats"
    label = "formats"
    verbose_name = "Định dạng tin / news formats"
