from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "toasoan.ingest"
    label = "ingest"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from toasoan.ingest import consumers  # noqa: F401  (registers event consumers)
