"""The one table of the editorial workflow: which action is legal in which state, by whom.

Actions call `check()`; nothing else decides legality, and the UI offers `legal_actions()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from toasoan.accounts.privileges import Privilege as P
from toasoan.core.errors import IllegalTransition
from toasoan.newsroom.models.items import State as S


class Action(StrEnum):
    CREATE = "create"
    SAVE = "save"
    SUBMIT = "submit"
    MOVE = "move"
    APPROVE = "approve"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    UNSCHEDULE = "unschedule"
    CORRECT = "correct"
    KILL = "kill"
    RECALL = "recall"
    SPIKE = "spike"
    UNSPIKE = "unspike"
    DUPLICATE = "duplicate"
    TRANSLATE = "translate"
    UPDATE = "update"
    TAKE = "take"


@dataclass(frozen=True)
class Rule:
    sources: frozenset[S]
    privilege: P
    target: S | None  # None: the state does not change (or a new item is made)


_EDITABLE = frozenset({S.DRAFT, S.IN_PROGRESS, S.SUBMITTED, S.READY})
_LIVE = frozenset({S.PUBLISHED, S.CORRECTED})
_ANY_BUT_DEAD = frozenset(S) - {S.KILLED, S.SPIKED}

TABLE: dict[Action, Rule] = {
    Action.CREATE: Rule(frozenset(), P.CREATE, S.DRAFT),
    Action.SAVE: Rule(_EDITABLE, P.EDIT, None),
    Action.SUBMIT: Rule(frozenset({S.DRAFT, S.IN_PROGRESS}), P.SUBMIT, S.SUBMITTED),
    Action.MOVE: Rule(_EDITABLE, P.MOVE, None),
    Action.APPROVE: Rule(frozenset({S.SUBMITTED}), P.APPROVE, S.READY),
    Action.PUBLISH: Rule(frozenset({S.SUBMITTED, S.READY, S.SCHEDULED}), P.PUBLISH, S.PUBLISHED),
    Action.SCHEDULE: Rule(frozenset({S.READY}), P.SCHEDULE, S.SCHEDULED),
    Action.UNSCHEDULE: Rule(frozenset({S.SCHEDULED}), P.SCHEDULE, S.READY),
    Action.CORRECT: Rule(_LIVE, P.CORRECT, S.CORRECTED),
    Action.KILL: Rule(_LIVE | {S.RECALLED}, P.KILL, S.KILLED),
    Action.RECALL: Rule(_LIVE, P.RECALL, S.RECALLED),
    Action.SPIKE: Rule(_EDITABLE, P.SPIKE, S.SPIKED),
    Action.UNSPIKE: Rule(frozenset({S.SPIKED}), P.SPIKE, S.IN_PROGRESS),
    Action.DUPLICATE: Rule(frozenset(S) - {S.KILLED}, P.CREATE, None),
    Action.TRANSLATE: Rule(_ANY_BUT_DEAD, P.CREATE, None),
    Action.UPDATE: Rule(_LIVE, P.CREATE, None),
    Action.TAKE: Rule(_LIVE, P.TAKE_SOURCE, None),
}

_ITEM_ACTIONS = [a for a in Action if a is not Action.CREATE]


def check(state: str, action: Action) -> Rule:
    rule = TABLE[action]
    if S(state) not in rule.sources:
        allowed = ", ".join(sorted(s.value for s in rule.sources)) or "none"
        raise IllegalTransition(
            f"'{action.value}' is not allowed while the item is {state} (allowed in: {allowed})"
        )
    return rule


def legal_actions(state: str) -> list[Action]:
    return [a for a in _ITEM_ACTIONS if S(state) in TABLE[a].sources]
