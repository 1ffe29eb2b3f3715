from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "toasoan.ingest"
    label = "ingest"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from toasoan.core import workers
        from toasoan.ingest import consumers  # noqa: F401  (registers event consumers)
        from toasoan.ingest.polling import poll_due

        workers.sweep_job("ingest.poll_due", poll_due)  # a poll task per feed that is due
