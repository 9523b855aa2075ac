"""Selection actions. Each function is one business action: it checks the actor's capability and
scope, runs in one transaction, and writes its audit entry there. Pages and the API call these."""

from .advancement import RankingPreview, advancement_confirm, stage_ranking
from .applications import (
    application_recommend,
    application_submit,
    application_withdraw,
    applications_screen,
    applications_screen_by_rules,
)
from .programs import program_create, program_transition, program_update, rule_save
from .raters import assignments_auto, conflict_declare
from .scoring import sheet_reopen, sheet_save
from .stages import stage_open_scoring, stage_save

__all__ = [
    "RankingPreview",
    "advancement_confirm",
    "application_recommend",
    "application_submit",
    "application_withdraw",
    "applications_screen",
    "applications_screen_by_rules",
    "assignments_auto",
    "conflict_declare",
    "program_create",
    "program_transition",
    "program_update",
    "rule_save",
    "sheet_reopen",
    "sheet_save",
    "stage_open_scoring",
    "stage_ranking",
    "stage_save",
]
