"""Representations of the selection resources.

As elsewhere in the API, codes are written and read by value (`"status": "running"`) and come
with their name (`"status_name": "进行中"`); units, tags, programs, tracks and users are referred
to by id; political statuses and ranks in an eligibility rule by their code value (`"01"`,
`"R21"`). What a rater sees of a candidate depends on the stage: under blind review only the
candidate code, never a name or a unit.
"""

from .advancement import (
    AdvancementConfirmSerializer,
    AdvancementDecisionSerializer,
    AdvancementOverrideSerializer,
    AdvancementResultSerializer,
    DecisionWarningSerializer,
)
from .applications import (
    ApplicantSerializer,
    ApplicationCreateSerializer,
    ApplicationSerializer,
    ScreenResultSerializer,
    ScreenSerializer,
)
from .funnel import (
    FunnelCountSerializer,
    FunnelSerializer,
    FunnelStepSerializer,
    FunnelStructureSerializer,
)
from .programs import (
    TRANSITION_TARGETS,
    EligibilityQuerySerializer,
    EligibilityRuleSerializer,
    EligibilitySerializer,
    ProgramSerializer,
    ProgramWriteSerializer,
    RequirementSerializer,
    RuleResultSerializer,
    TrackSerializer,
    TransitionSerializer,
)
from .ranking import (
    WARNING_CODES,
    RankingQuerySerializer,
    RankingRowSerializer,
    RankingSerializer,
    RankingWarningSerializer,
    RaterEffectSerializer,
    RaterMarkSerializer,
)
from .raters import (
    AutoAssignResultSerializer,
    AutoAssignSerializer,
    StageAssignmentSerializer,
)
from .scoring import (
    CandidateSerializer,
    RaterAssignmentSerializer,
    RaterStageSerializer,
    ReopenSerializer,
    ScoreValueField,
    SheetScoreInputSerializer,
    SheetScoreSerializer,
    SheetSerializer,
    SheetStateSerializer,
    SheetWriteSerializer,
    candidate_of,
)
from .stages import (
    DimensionSerializer,
    DimensionWriteSerializer,
    StageSerializer,
    StageWriteSerializer,
)

__all__ = [
    "TRANSITION_TARGETS",
    "WARNING_CODES",
    "AdvancementConfirmSerializer",
    "AdvancementDecisionSerializer",
    "AdvancementOverrideSerializer",
    "AdvancementResultSerializer",
    "ApplicantSerializer",
    "ApplicationCreateSerializer",
    "ApplicationSerializer",
    "AutoAssignResultSerializer",
    "AutoAssignSerializer",
    "CandidateSerializer",
    "DecisionWarningSerializer",
    "DimensionSerializer",
    "DimensionWriteSerializer",
    "EligibilityQuerySerializer",
    "EligibilityRuleSerializer",
    "EligibilitySerializer",
    "FunnelCountSerializer",
    "FunnelSerializer",
    "FunnelStepSerializer",
    "FunnelStructureSerializer",
    "ProgramSerializer",
    "ProgramWriteSerializer",
    "RankingQuerySerializer",
    "RankingRowSerializer",
    "RankingSerializer",
    "RankingWarningSerializer",
    "RaterAssignmentSerializer",
    "RaterEffectSerializer",
    "RaterMarkSerializer",
    "RaterStageSerializer",
    "ReopenSerializer",
    "RequirementSerializer",
    "RuleResultSerializer",
    "ScoreValueField",
    "ScreenResultSerializer",
    "ScreenSerializer",
    "SheetScoreInputSerializer",
    "SheetScoreSerializer",
    "SheetSerializer",
    "SheetStateSerializer",
    "SheetWriteSerializer",
    "StageAssignmentSerializer",
    "StageSerializer",
    "StageWriteSerializer",
    "TrackSerializer",
    "TransitionSerializer",
    "candidate_of",
]
