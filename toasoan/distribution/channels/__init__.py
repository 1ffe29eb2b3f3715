"""Channels: an outlet's own digital presence (feeds, a website webhook, Zalo OA, Facebook Page).

One connector interface (connectors.py) with one module per platform; ChannelPublication records
which platforms each item version reached (reach.py sums them up per outlet)."""
