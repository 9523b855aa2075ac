"""Who sees what of 管 · the growth record (成长纪实档案) timeline, fitness
reviews (适岗情况与能力水平分析), the record as .docx and PDF (registered on
import; see accounts.scoping).

A fitness review follows the cadre's record: staff of the cadre's unit subtree, the cadre
themself, their mentors. A schedule belongs to a programme and is seen by whoever sees it.
"""

from qingmiao.accounts import scoping
from qingmiao.cultivation.scopes import cadre_record_rule
from qingmiao.selection.scopes import program_rule

from .models import FitnessReview, FitnessSchedule

scoping.register(FitnessReview, lambda user: cadre_record_rule(user))
scoping.register(FitnessSchedule, lambda user: program_rule(user, "program__", with_assigned=False))
