"""The channels page of the newsroom UI: per outlet, its channels and what reached where."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from toasoan.accounts import permissions
from toasoan.accounts.models import Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.distribution.channels.models import Channel, ChannelPublication
from toasoan.distribution.channels.reach import REACHED, reach

RECENT = 50


@login_required
def channels_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    outlets = [
        o
        for o in Outlet.objects.filter(is_active=True).order_by("name")
        if permissions.has(user, Privilege.MANAGE_DISTRIBUTION, o)
    ]
    chosen = next((o for o in outlets if o.slug == request.GET.get("outlet")), None)
    chosen = chosen or (outlets[0] if outlets else None)
    summary = reach()
    channels = list(Channel.objects.filter(outlet=chosen).order_by("name")) if chosen else []
    reached = dict(
        ChannelPublication.objects.filter(channel__in=channels, status__in=REACHED)
        .values_list("channel_id")
        .annotate(n=Count("item", distinct=True))
    )
    context = {
        "outlets": outlets,
        "outlet": chosen,
        "share_percent": round(summary.share * 100, 1),
        "summary": summary,
        "row": next((r for r in summary.outlets if chosen and r.outlet_id == chosen.pk), None),
        "channel_rows": [(c, reached.get(c.pk, 0)) for c in channels],
        "records": (
            ChannelPublication.objects.filter(outlet=chosen)
            .select_related("item", "channel")
            .order_by("-at", "-id")[:RECENT]
            if chosen
            else []
        ),
    }
    return render(request, "distribution/channels/channels.html", context)
