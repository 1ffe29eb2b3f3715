from ninja import Router

from toasoan.newsroom.api import actions, items, locks, media, revisions

router = Router(tags=["items"])
router.add_router("", items.router)
router.add_router("", actions.router)
router.add_router("", revisions.router)
router.add_router("", locks.router)
router.add_router("", media.router)
