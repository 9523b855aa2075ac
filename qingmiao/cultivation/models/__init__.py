"""育: what a program teaches, who mentors whom, where cadres practise, what teams achieve.

One module per area; every record is written once, by the person who does it, and the roll-ups
(hours, counts, outcomes) are computed from these rows in SQL, never stored twice.
"""

from .curriculum import (
    Course,
    Lecturer,
    SiteRoute,
    StudyTrip,
    StudyTripParticipant,
    Topic,
    TrainingBase,
)
from .mentoring import (
    FollowUp,
    MatchingRun,
    MentoringLog,
    MentorPair,
    MentorProfile,
    MentorRole,
)
from .plans import GrowthPlan, PlanMilestone, PlanTemplate, PlanTemplateMilestone
from .practice import HostEvaluation, PracticeAssignment, PracticeReport
from .results import Deliverable, DeliverableOutcome, InvestmentRecord, ProblemSolved
from .sessions import (
    Attendance,
    FeedbackReceipt,
    HourRequirement,
    MakeUpRequest,
    Session,
    SessionFeedback,
)
from .teams import CultivationSettings, Team, TeamInvitation, TeamMember, TeamTask

__all__ = [
    "Attendance",
    "Course",
    "CultivationSettings",
    "Deliverable",
    "DeliverableOutcome",
    "FeedbackReceipt",
    "FollowUp",
    "GrowthPlan",
    "HostEvaluation",
    "HourRequirement",
    "InvestmentRecord",
    "Lecturer",
    "MakeUpRequest",
    "MatchingRun",
    "MentorPair",
    "MentorProfile",
    "MentorRole",
    "MentoringLog",
    "PlanMilestone",
    "PlanTemplate",
    "PlanTemplateMilestone",
    "PracticeAssignment",
    "PracticeReport",
    "ProblemSolved",
    "Session",
    "SessionFeedback",
    "SiteRoute",
    "StudyTrip",
    "StudyTripParticipant",
    "Team",
    "TeamInvitation",
    "TeamMember",
    "TeamTask",
    "Topic",
    "TrainingBase",
]
