from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "toasoan.newsroom"
    label = "newsroom"
    verbose_name = "Tòa soạn"

    def ready(self) -> None:
        from toasoan.newsroom import (
            consumers,  # noqa: F401  (registers event consumers)
            notify,  # noqa: F401  (registers notification consumers)
        )
