from .cadre import Cadre, Tag, full_years_between, generation_band
from .codes import CodeItem, CodeTable
from .orgunit import OrgUnit, UnitType
from .records import Appraisal, FamilyMember, ResumeEntry, RewardPunishment

__all__ = [
    "Appraisal",
    "Cadre",
    "CodeItem",
    "CodeTable",
    "FamilyMember",
    "OrgUnit",
    "ResumeEntry",
    "RewardPunishment",
    "Tag",
    "UnitType",
    "full_years_between",
    "generation_band",
]
