"""Channel and variant management through the Django admin."""

from __future__ import annotations

from django.contrib import admin

from toasoan.distribution.channels.models import Channel, ChannelPublication, ItemVariant


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin[Channel]):
    list_display = ("name", "outlet", "kind", "active")
    list_filter = ("kind", "active", "outlet")
    search_fields = ("name",)


@admin.register(ItemVariant)
class ItemVariantAdmin(admin.ModelAdmin[ItemVariant]):
    list_display = ("item", "kind", "headline", "updated_at")
    list_filter = ("kind",)
    raw_id_fields = ("item", "image", "updated_by")


@admin.register(ChannelPublication)
class ChannelPublicationAdmin(admin.ModelAdmin[ChannelPublication]):
    list_display = ("item", "version", "outlet", "platform", "action", "status", "at")
    list_filter = ("platform", "status", "action", "outlet")
    raw_id_fields = ("item",)
    readonly_fields = [f.name for f in ChannelPublication._meta.fields]
