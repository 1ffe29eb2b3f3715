from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "toasoan.distribution"
    label = "distribution"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from toasoan.core import workers
        from toasoan.distribution import consumers  # noqa: F401  (registers event handlers)
        from toasoan.distribution.dispatcher import start_thread
        from toasoan.distribution.transports import email, http_push, pull  # noqa: F401

        workers.background_thread("distribution.dispatcher", start_thread)  # outbox delivery
