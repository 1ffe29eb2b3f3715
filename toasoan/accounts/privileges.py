"""Named privileges and the default roles built from them."""

from __future__ import annotations

from enum import StrEnum


class Privilege(StrEnum):
    READ = "read"  # see the outlet's unpublished items
    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    MOVE = "move"
    APPROVE = "approve"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    SET_EMBARGO = "set_embargo"
    CORRECT = "correct"
    KILL = "kill"
    RECALL = "recall"
    SPIKE = "spike"
    TAKE_OVER_LOCK = "take_over_lock"
    TAKE_SOURCE = "take_source"  # copy a published source-news item into this outlet
    UPLOAD_MEDIA = "upload_media"
    MANAGE_DESKS = "manage_desks"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    COMMENT = "comment"  # comment on the outlet's items
    PLAN = "plan"  # create and edit events, planning items and coverages
    ASSIGN = "assign"  # assign coverages to people and desks
    MANAGE_DISTRIBUTION = "manage_distribution"  # subscribers, products, channels, resend
    MANAGE_INGEST = "manage_ingest"  # feeds and routing rules


_WRITER = {
    Privilege.READ,
    Privilege.CREATE,
    Privilege.EDIT,
    Privilege.SUBMIT,
    Privilege.UPLOAD_MEDIA,
    Privilege.COMMENT,
}
_EDITOR = _WRITER | {
    Privilege.MOVE,
    Privilege.APPROVE,
    Privilege.SET_EMBARGO,
    Privilege.SPIKE,
    Privilege.TAKE_SOURCE,
    Privilege.PLAN,
}
_DESK_CHIEF = _EDITOR | {
    Privilege.PUBLISH,
    Privilege.SCHEDULE,
    Privilege.CORRECT,
    Privilege.TAKE_OVER_LOCK,
    Privilege.ASSIGN,
}
_EIC = _DESK_CHIEF | {Privilege.KILL, Privilege.RECALL, Privilege.VIEW_AUDIT}
_OUTLET_ADMIN = {
    Privilege.READ,
    Privilege.MANAGE_DESKS,
    Privilege.MANAGE_USERS,
    Privilege.VIEW_AUDIT,
    Privilege.TAKE_OVER_LOCK,
    Privilege.MANAGE_DISTRIBUTION,
    Privilege.MANAGE_INGEST,
}

# slug -> (Vietnamese name, English name, privileges)
DEFAULT_ROLES: dict[str, tuple[str, str, frozenset[Privilege]]] = {
    "reporter": ("Phóng viên", "Reporter", frozenset(_WRITER)),
    "editor": ("Biên tập viên", "Editor", frozenset(_EDITOR)),
    "desk_chief": ("Trưởng ban", "Desk chief", frozenset(_DESK_CHIEF)),
    "editor_in_chief": ("Tổng biên tập", "Editor-in-chief", frozenset(_EIC)),
    "outlet_admin": ("Quản trị đơn vị", "Outlet admin", frozenset(_OUTLET_ADMIN)),
    "agency_admin": ("Quản trị Thông tấn xã", "Agency admin", frozenset(Privilege)),
}
