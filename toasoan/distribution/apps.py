from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "toasoan.distribution"
    label = "distribution"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from toasoan.distribution import consumers  # noqa: F401  (registers event handlers)
        from toasoan.distribution.transports import email, http_push, pull  # noqa: F401
