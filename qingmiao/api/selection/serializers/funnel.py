"""Representations of the selection funnel."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers


class FunnelCountSerializer(serializers.Serializer):
    label = serializers.CharField()
    n = serializers.IntegerField()


class FunnelStructureSerializer(serializers.Serializer):
    education = FunnelCountSerializer(many=True)
    generation = FunnelCountSerializer(many=True)
    gender = FunnelCountSerializer(many=True)
    unit_type = FunnelCountSerializer(many=True)


class FunnelStepSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=gettext_lazy("applied、eligible、stage<n>（参加）、stage<n>_advanced（晋级）")
    )
    label = serializers.CharField()
    count = serializers.IntegerField()
    structure = FunnelStructureSerializer()


class FunnelSerializer(serializers.Serializer):
    program = serializers.IntegerField()
    steps = FunnelStepSerializer(many=True)
