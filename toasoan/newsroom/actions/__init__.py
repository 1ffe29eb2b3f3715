"""Every state change of the newsroom is one function here (see ARCHITECTURE.md, actions layer)."""

from toasoan.newsroom.actions.associations import set_associations
from toasoan.newsroom.actions.copies import duplicate, take, translate, update
from toasoan.newsroom.actions.editing import create, restore, save
from toasoan.newsroom.actions.locks import lock, unlock
from toasoan.newsroom.actions.publishing import (
    approve,
    correct,
    kill,
    move,
    publish,
    publish_due,
    recall,
    schedule,
    spike,
    submit,
    unschedule,
    unspike,
)

__all__ = [
    "approve",
    "correct",
    "create",
    "duplicate",
    "kill",
    "lock",
    "move",
    "publish",
    "publish_due",
    "recall",
    "restore",
    "save",
    "schedule",
    "set_associations",
    "spike",
    "submit",
    "take",
    "translate",
    "unlock",
    "unschedule",
    "unspike",
    "update",
]
