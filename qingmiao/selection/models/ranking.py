"""A stage's ranking as last fitted, kept so pages and the API read it instead of refitting.

The fit is redone when what it depends on changes (a sheet submitted or reopened, raters
reassigned, the stage's method or rule edited, an application withdrawn): the services bump
the stage's `RankingVersion`, and a fit whose version is behind is not served as current.
The counter lives in its own row, not on `Stage`, so that saving a stage loaded earlier can
never put an old number back.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .stage import AggregationMethod


class RankingVersion(models.Model):
    stage = models.OneToOneField(
        "selection.Stage", on_delete=models.CASCADE, related_name="ranking_version"
    )
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("排名版本")
        verbose_name_plural = _("排名版本")

    def __str__(self):
        return f"{self.stage_id}@{self.version}"


class RankingFit(models.Model):
    stage = models.ForeignKey(
        "selection.Stage", on_delete=models.CASCADE, related_name="ranking_fits"
    )
    method = models.CharField(_("计分方法"), max_length=14, choices=AggregationMethod.choices)
    version = models.PositiveIntegerField(_("依据的排名版本"))
    fitted_at = models.DateTimeField(_("计算时间"))
    seconds = models.FloatField(_("计算耗时（秒）"))
    candidates = models.PositiveIntegerField(_("考生数"))
    marks = models.PositiveIntegerField(_("已提交评分数"))
    missing_sheets = models.IntegerField(_("未提交评分表数"))
    proposed_count = models.PositiveIntegerField(_("按规则晋级人数"))
    # Warnings other than "unscored candidate" as {code, subject, detail, name}; unscored
    # candidates are the rows without a score (their count and first codes are kept here).
    warnings = models.JSONField(default=list)
    unscored = models.PositiveIntegerField(default=0)
    unscored_codes = models.JSONField(default=list)
    # [[rater id, display name, severity, marks], …] for the severity method.
    rater_effects = models.JSONField(default=list)
    # {rater id: display name} for every rater with a submitted sheet
    rater_names = models.JSONField(default=dict)
    # How far the method moved scores from the raw average: {"moved", "max_shift",
    # "mean_shift"} (see wording.adjustment_summary).
    summary = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("排名结果")
        verbose_name_plural = _("排名结果")
        constraints = [
            models.UniqueConstraint(fields=["stage", "method"], name="selection_rankingfit_once")
        ]

    def __str__(self):
        return f"{self.stage_id} {self.method}@{self.version}"


class RankingRow(models.Model):
    """One candidate in a stored ranking, in display order (`position`)."""

    fit = models.ForeignKey(RankingFit, on_delete=models.CASCADE, related_name="rows")
    entry = models.ForeignKey("selection.StageEntry", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    rank = models.PositiveIntegerField(null=True)
    score = models.FloatField(null=True)
    raw_mean = models.FloatField(null=True)
    tied = models.BooleanField(default=False)
    proposed = models.BooleanField(default=False)
    submitted = models.PositiveIntegerField(default=0)
    assigned = models.PositiveIntegerField(default=0)
    # [[rater id, raw, adjusted, used], …], one per submitted sheet
    details = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fit", "position"], name="selection_rankingrow_order")
        ]

    def __str__(self):
        return f"{self.fit_id}#{self.position}"


class FunnelVersion(models.Model):
    """Bumped whenever a program's applications, stages or results change; part of the cached
    funnel's key (see selectors_funnel)."""

    program = models.OneToOneField(
        "selection.Program", on_delete=models.CASCADE, related_name="funnel_version"
    )
    version = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.program_id}@{self.version}"
