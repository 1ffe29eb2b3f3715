"""Background work of the channels: posting to platforms, and retrying what failed."""

from __future__ import annotations

from django_tasks import task

from toasoan.distribution.channels import publishing


@task()
def post_to_channels(item_id: int, version: int, action: str) -> int:
    return len(publishing.deliver(item_id, version, action))


@task()
def retry_publication(publication_id: int) -> str:
    record = publishing.retry(publication_id)
    return record.status if record else "gone"
