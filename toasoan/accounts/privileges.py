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


_WRITER = {
    Privilege.READ,
    Privilege.CREATE,
    Privilege.EDIT,
    Privilege.SUBMIT,
    Privilege.UPLOAD_MEDIA,
}
_EDITOR = _WRITER | {
    Privilege.MOVE,
    Privilege.APPROVE,
    Privilege.SET_EMBARGO,
    Privilege.SPIKE,
    Privilege.TAKE_SOURCE,
}
_DESK_CHIEF = _EDITOR | {
    Privilege.PUBLISH,
    Privilege.SCHEDULE,
    Privilege.CORRECT,
    Privilege.TAKE_OVER_LOCK,
}
_EIC = _DESK_CHIEF | {Privilege.KILL, Privilege.RECALL, Privilege.VIEW_AUDIT}
_OUTLET_ADMIN = {
    Privilege.READ,
    Privilege.MANAGE_DESKS,
    Privilege.MANAGE_USERS,
    Privilege.VIEW_AUDIT,
    Privilege.TAKE_OVER_LOCK,
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
