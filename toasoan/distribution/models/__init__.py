from toasoan.distribution.models.outbox import (
    OPEN_STATES,
    Delivery,
    EntryState,
    HeldRelease,
    OutboxEntry,
)
from toasoan.distribution.models.subscribers import (
    FEED_TOKEN_PREFIX,
    Destination,
    Product,
    Subscriber,
    Subscription,
)

__all__ = [
    "FEED_TOKEN_PREFIX",
    "OPEN_STATES",
    "Delivery",
    "Destination",
    "EntryState",
    "HeldRelease",
    "OutboxEntry",
    "Product",
    "Subscriber",
    "Subscription",
]
from toasoan.distribution.channels.models import Channel, ChannelPublication, ItemVariant  # noqa: F401
