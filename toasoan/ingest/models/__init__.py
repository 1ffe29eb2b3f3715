from toasoan.ingest.models.feeds import Feed, FeedFormat, FeedKind, FeedState
from toasoan.ingest.models.records import IngestedItem
from toasoan.ingest.models.rules import RoutingRule

__all__ = ["Feed", "FeedFormat", "FeedKind", "FeedState", "IngestedItem", "RoutingRule"]
