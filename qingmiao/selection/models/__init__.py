from .application import Application
from .decision import AdvancementDecision, AdvancementResult
from .program import EligibilityRule, EntryMode, Program, ProgramKind, ProgramStatus, Track
from .ranking import FunnelVersion, RankingFit, RankingRow, RankingVersion
from .scoring import RaterAssignment, RaterConflict, Score, ScoreSheet
from .stage import AdvancementRule, Dimension, Stage, StageEntry, StageStatus

__all__ = [
    "AdvancementDecision",
    "AdvancementResult",
    "AdvancementRule",
    "Application",
    "Dimension",
    "EligibilityRule",
    "EntryMode",
    "FunnelVersion",
    "Program",
    "ProgramKind",
    "ProgramStatus",
    "RankingFit",
    "RankingRow",
    "RankingVersion",
    "RaterAssignment",
    "RaterConflict",
    "Score",
    "ScoreSheet",
    "Stage",
    "StageEntry",
    "StageStatus",
    "Track",
]
