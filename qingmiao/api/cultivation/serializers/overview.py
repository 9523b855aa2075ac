from rest_framework import serializers


class BandSerializer(serializers.Serializer):
    label = serializers.CharField()
    n = serializers.IntegerField()


class MonthAttendanceSerializer(serializers.Serializer):
    month = serializers.DateTimeField(format="%Y-%m")
    rows = serializers.IntegerField(help_text="应到人次")
    present = serializers.IntegerField(help_text="实到人次（出勤、迟到、早退）")
    rate = serializers.FloatField(allow_null=True, help_text="出勤率（%）")


class MonthLogsSerializer(serializers.Serializer):
    month = serializers.DateField(format="%Y-%m")
    n = serializers.IntegerField()
    minutes = serializers.IntegerField(allow_null=True)


class KindCountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    n = serializers.IntegerField()
    under_way = serializers.IntegerField(required=False)
    adopted = serializers.IntegerField(required=False)
    converted = serializers.IntegerField(required=False)
    planned = serializers.IntegerField(required=False)


class OverviewSerializer(serializers.Serializer):
    program = serializers.IntegerField(source="program.pk")
    required_hours = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    participants = serializers.IntegerField()
    trained = serializers.IntegerField()
    person_times = serializers.IntegerField()
    hours_total = serializers.DecimalField(max_digits=12, decimal_places=1)
    average_hours = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    meeting_requirement = serializers.IntegerField()
    hours_bands = BandSerializer(many=True)
    attendance_rate = serializers.FloatField(allow_null=True)
    attendance_by_month = MonthAttendanceSerializer(many=True)
    pairs_active = serializers.IntegerField()
    pairs_quiet = serializers.IntegerField()
    quiet_weeks = serializers.IntegerField()
    mentees = serializers.IntegerField()
    logs_total = serializers.IntegerField()
    log_minutes = serializers.IntegerField()
    logs_by_month = MonthLogsSerializer(many=True)
    practice_by_kind = KindCountSerializer(many=True)
    teams = serializers.IntegerField()
    team_members = serializers.IntegerField()
    deliverables = serializers.IntegerField()
    adopted = serializers.IntegerField()
    converted = serializers.IntegerField()
    planned = serializers.IntegerField()
    deliverables_by_kind = KindCountSerializer(many=True)
    enterprises = serializers.IntegerField()
    enterprises_settled = serializers.IntegerField()
    capital_total = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="注册资本合计（万元）"
    )
    capital_settled = serializers.DecimalField(max_digits=16, decimal_places=2)
    problems_solved = serializers.IntegerField()
