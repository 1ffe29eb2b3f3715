"""Django admin for configuration (organisation, roles, memberships) until the UI has it."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from toasoan.accounts.models import (
    Agency,
    ApiToken,
    AuditEntry,
    Desk,
    Membership,
    Outlet,
    Role,
    Stage,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class ToasoanUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("toasoan", {"fields": ("full_name", "language")}))
    list_display = ("username", "full_name", "is_active", "is_superuser")


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "outlet")
    list_filter = ("outlet",)
    inlines = [StageInline]


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "language", "is_active")


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_vi", "name_en")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked")
    readonly_fields = ("digest", "prefix")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("seq", "at", "actor_name", "action", "object_type", "object_id", "outlet")
    list_filter = ("action", "object_type")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


admin.site.register(Agency)
