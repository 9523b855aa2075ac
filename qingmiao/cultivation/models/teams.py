"""调研组: teams a program's cadres form (火星计划: 25 teams of 3 from 75), mentors, tasks."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CultivationSettings(models.Model):
    """A program's cultivation rules: team sizes, and when a quiet mentor pair is flagged."""

    program = models.OneToOneField(
        "selection.Program", on_delete=models.CASCADE, related_name="cultivation_settings"
    )
    team_min_size = models.PositiveSmallIntegerField(
        _("每组最少人数"), default=3, validators=[MinValueValidator(1)]
    )
    team_max_size = models.PositiveSmallIntegerField(
        _("每组最多人数"), default=3, validators=[MinValueValidator(1)]
    )
    teams_self_formed = models.BooleanField(_("学员自主组队"), default=True)
    quiet_pair_weeks = models.PositiveSmallIntegerField(
        _("帮带提醒周数"), default=4, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("培养设置")
        verbose_name_plural = _("培养设置")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team_max_size__gte=models.F("team_min_size")),
                name="cultivation_team_sizes_ordered",
            )
        ]

    def __str__(self):
        return str(self.program)


class Team(models.Model):
    class Formation(models.TextChoices):
        SELF = "self", _("自主组队")
        STAFF = "staff", _("组织分组")

    program = models.ForeignKey("selection.Program", on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("组名"), max_length=40)
    topic = models.CharField(_("调研课题"), max_length=120, blank=True)
    leader = models.ForeignKey(
        "cadres.Cadre",
        verbose_name=_("组长"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("指导导师"),
        blank=True,
        related_name="mentored_teams",
    )
    formation = models.CharField(_("组队方式"), max_length=6, choices=Formation.choices)
    created_at = models.DateTimeField(_("成立时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("调研组")
        verbose_name_plural = _("调研组")
        ordering = ["program", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="cultivation_team_unique_name")
        ]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    # `program` repeats the team's so that the database itself keeps a cadre in one team per
    # program, whatever path writes the row.
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    program = models.ForeignKey("selection.Program", on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.PROTECT, related_name="team_memberships"
    )
    joined_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("组员")
        verbose_name_plural = _("组员")
        constraints = [
            models.UniqueConstraint(fields=["program", "cadre"], name="cultivation_one_team_each")
        ]

    def __str__(self):
        return f"{self.cadre} · {self.team}"


class TeamInvitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待回复")
        ACCEPTED = "accepted", _("已接受")
        DECLINED = "declined", _("已谢绝")
        WITHDRAWN = "withdrawn", _("已撤回")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey("cadres.Cadre", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("组队邀请")
        verbose_name_plural = _("组队邀请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "cadre"],
                condition=models.Q(status="pending"),
                name="cultivation_invite_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.cadre} · {self.team}"


class TeamTask(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("任务"), max_length=120)
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("小组任务")
        verbose_name_plural = _("小组任务")
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.title
