from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "toasoan.planning"
    label = "planning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from toasoan.planning import consumers  # noqa: F401  (registers event consumers)
