"""The demo agency: source-news desks, four outlets with desks and stages, a user for every role."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from toasoan.accounts.actions import DEFAULT_STAGES, ensure_default_roles
from toasoan.accounts.models import Agency, Desk, Membership, Outlet, Stage, User

OUTLETS = {
    "tinnguon": (
        "Thông tấn xã — Tin nguồn",
        Outlet.Kind.SOURCE,
        "vi",
        {
            "trong-nuoc": "Ban Tin Trong nước",
            "quoc-te": "Ban Tin Thế giới",
            "kinh-te": "Ban Tin Kinh tế",
            "anh": "Ban Ảnh",
        },
    ),
    "tinnhanh": (
        "Báo điện tử Tin Nhanh",
        Outlet.Kind.ONLINE,
        "vi",
        {
            "thoi-su": "Thời sự",
            "kinh-te": "Kinh tế",
            "the-thao": "Thể thao",
            "van-hoa": "Văn hóa",
        },
    ),
    "vietdaily": (
        "The Viet Daily",
        Outlet.Kind.ONLINE,
        "en",
        {
            "news": "News desk",
            "business": "Business desk",
        },
    ),
    "courrier": (
        "Le Courrier de Hanoï",
        Outlet.Kind.ONLINE,
        "fr",
        {
            "actualites": "Actualités",
        },
    ),
    "anhviet": ("Ảnh Việt — dịch vụ ảnh", Outlet.Kind.PHOTO, "vi", {"photo": "Biên tập ảnh"}),
}

# role slug -> (username suffix, Vietnamese given names for the demo people)
ROLE_USERS = {
    "reporter": ("pv", "Phóng viên"),
    "editor": ("btv", "Biên tập viên"),
    "desk_chief": ("tb", "Trưởng ban"),
    "editor_in_chief": ("tbt", "Tổng biên tập"),
    "outlet_admin": ("qt", "Quản trị"),
}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Minh Anh", "Thu Hà", "Quang Huy", "Thanh Hương", "Đức Long", "Bảo Ngọc", "Văn Nam"]


def build(password: str) -> dict[str, dict[str, User]]:
    """Create what is missing; returns users by outlet slug and role slug."""
    roles = ensure_default_roles()
    agency, _ = Agency.objects.get_or_create(
        short_name="TTX",
        defaults={"name": "Thông tấn xã (demo)", "domain": "toasoan.example.vn"},
    )
    users: dict[str, dict[str, User]] = {}
    hashed = make_password(password)  # one slow hash for the whole demo staff
    n = 0
    for slug, (name, kind, language, desks) in OUTLETS.items():
        outlet, _ = Outlet.objects.get_or_create(
            slug=slug, defaults={"agency": agency, "name": name, "kind": kind, "language": language}
        )
        for desk_slug, desk_name in desks.items():
            desk, created = Desk.objects.get_or_create(
                outlet=outlet,
                slug=desk_slug,
                defaults={"name": desk_name, "is_source_desk": kind == Outlet.Kind.SOURCE},
            )
            if created:
                for position, stage in enumerate(DEFAULT_STAGES):
                    Stage.objects.create(desk=desk, name=stage, position=position)
        users[slug] = {}
        for role_slug, (suffix, title) in ROLE_USERS.items():
            username = f"{slug}.{suffix}"
            full = f"{FAMILY[n % len(FAMILY)]} {GIVEN[n % len(GIVEN)]}"
            n += 1
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create(
                    username=username, password=hashed, full_name=f"{full} ({title})"
                )
                Membership.objects.create(user=user, outlet=outlet, role=roles[role_slug])
            users[slug][role_slug] = user
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create(
            username="admin",
            password=hashed,
            full_name="Quản trị hệ thống",
            is_superuser=True,
            is_staff=True,
        )
        Membership.objects.create(user=admin, outlet=None, role=roles["agency_admin"])
    users["*"] = {"agency_admin": admin}
    return users
