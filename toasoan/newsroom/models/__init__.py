from toasoan.newsroom.models.comments import Comment
from toasoan.newsroom.models.drafts import Draft
from toasoan.newsroom.models.items import Item, ItemType, PubStatus, State
from toasoan.newsroom.models.links import Association, Notification
from toasoan.newsroom.models.media import MediaAsset, Rendition
from toasoan.newsroom.models.revisions import Lock, PublishedVersion, Revision

__all__ = [
    "Association",
    "Comment",
    "Draft",
    "Item",
    "ItemType",
    "Lock",
    "MediaAsset",
    "Notification",
    "PubStatus",
    "PublishedVersion",
    "Rendition",
    "Revision",
    "State",
]
