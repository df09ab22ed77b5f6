"""Labels of stored codes (data classes, channels) for consent pages."""

from __future__ import annotations

from django import template

from reclaim.consent.models import Channel, DataClass

register = template.Library()


@register.filter
def data_class_labels(codes: list[str]) -> list[str]:
    return [str(DataClass(code).label) for code in codes if code in DataClass.values]


@register.filter
def channel_labels(codes: list[str]) -> list[str]:
    return [str(Channel(code).label) for code in codes if code in Channel.values]
