"""Roles and what each may do.

A user holds exactly one role, so the three administrator roles (三权分立) can never be combined
in one account. What a role may *do* is a set of capabilities checked by `RoleBackend`
(`user.has_perm("cadres.change_cadre")`); what it may *see* is decided by `scoping`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("组织部管理员")
    UNIT_OFFICER = "unit_officer", _("单位干部专员")
    CADRE = "cadre", _("干部")
    MENTOR = "mentor", _("导师")
    RATER = "rater", _("评委")
    INSPECTOR = "inspector", _("考察组")
    # The contact of a host unit or enterprise that receives a cadre on a practice assignment:
    # a minimal account that sees nothing but its own assignees.
    HOST = "host", _("接收方联系人")
    LEADER = "leader", _("领导")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("安全审计员")


# Roles whose scope is the subtree of their own org unit.
UNIT_SCOPED_ROLES = frozenset({Role.ORG_ADMIN, Role.UNIT_OFFICER, Role.LEADER})
# The separated administrator roles: none of them reads or writes cadre records.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Roles that use the Django admin site for configuration.
STAFF_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.ORG_ADMIN})

_CADRE_READ = {"cadres.view_cadre", "cadres.view_orgunit"}
_CADRE_WRITE = {"cadres.add_cadre", "cadres.change_cadre"}
_ORGUNIT_ADMIN = {
    "cadres.view_orgunit",
    "cadres.add_orgunit",
    "cadres.change_orgunit",
    "cadres.delete_orgunit",
}

# Exporting a list takes records off the system: staff who manage or oversee records only.
_CADRE_EXPORT = {"cadres.export_cadre"}

_SELECTION_READ = {"selection.view_program", "selection.view_application"}
# The selection lists' exports, for the staff who read those lists (never cadres, raters,
# mentors): the application list (and the funnel's drill-downs), rankings, decisions.
_APPLICATION_EXPORT = {"selection.export_application"}
_RANKING_EXPORT = {"selection.export_ranking", "selection.export_advancement"}
_SELECTION_MANAGE = {
    "selection.manage_program",
    "selection.screen_application",
    "selection.recommend",
    "selection.manage_raters",
    "selection.reopen_sheet",
    "selection.decide_advancement",
    "selection.view_ranking",
    "selection.view_funnel",
}

# 育: reading the curriculum catalogue; running it (courses, sessions, attendance, make-ups,
# requirements); mentoring (roles, mentors, matching); practice; teams; results; new-recruit
# plans. The organization department runs it all; unit officers and leaders read their subtree.
_CULTIVATION_READ = {
    "cultivation.view_curriculum",
    "cultivation.view_attendance",
    "cultivation.view_mentoring",
    "cultivation.view_practice",
    "cultivation.view_teams",
    "cultivation.view_results",
    "cultivation.view_plans",
    "cultivation.view_overview",
}
_CULTIVATION_MANAGE = {
    "cultivation.manage_curriculum",
    "cultivation.take_attendance",
    "cultivation.approve_makeup",
    "cultivation.view_feedback",
    "cultivation.manage_mentoring",
    "cultivation.manage_practice",
    "cultivation.manage_teams",
    "cultivation.record_results",
    "cultivation.manage_plans",
}
_CULTIVATION_EXPORT = {"cultivation.export_records"}
# What a cadre does for themself: sign in, rate a session, ask for a make-up, log mentoring,
# report on an assignment, form a team, hand in a deliverable, complete plan milestones.
_CULTIVATION_SELF = {
    "cultivation.view_curriculum",
    "cultivation.sign_in",
    "cultivation.give_feedback",
    "cultivation.request_makeup",
    "cultivation.write_mentoring_log",
    "cultivation.report_practice",
    "cultivation.form_team",
    "cultivation.submit_deliverable",
    "cultivation.update_own_plan",
}

# 管: reading each area (unit subtree for staff and leaders); running it; exporting its lists.
# Care records are sensitive: reading them is a capability of its own (`view_care`), held only
# by the roles that act on them.
_SUPERVISION_READ = {
    "supervision.view_rounds",
    "supervision.view_performance",
    "supervision.view_evaluations",
    "supervision.view_appraisals",
    "supervision.view_records",
}
_SUPERVISION_MANAGE = {
    "supervision.manage_schemes",
    "supervision.manage_rounds",
    "supervision.reopen_round",
    "supervision.nominate_reserve",
    "supervision.manage_evaluations",
    "supervision.manage_appraisals",
    "supervision.review_fitness",
    "supervision.export_records",
    "supervision.view_care",
    "supervision.manage_care",
}
_SUPERVISION_EXPORT = {"supervision.export_lists"}
# A unit officer enters or imports its unit's appraisal grades and records fitness reviews.
_SUPERVISION_UNIT = {"supervision.propose_appraisal", "supervision.review_fitness"}
# Care (关心关爱) is held where it is done: a unit officer reads and runs the care records of
# its unit subtree (the talks, the help, the follow-ups it owns); leaders do not read them.
_CARE_UNIT = {"supervision.view_care", "supervision.manage_care"}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ORG_ADMIN: frozenset(
        _CADRE_READ
        | _CADRE_WRITE
        | _ORGUNIT_ADMIN
        | {"cadres.delete_cadre", "cadres.view_sensitive", "cadres.view_tag", "cadres.add_tag"}
        | _CADRE_EXPORT
        | _SELECTION_READ
        | _SELECTION_MANAGE
        | _APPLICATION_EXPORT
        | _RANKING_EXPORT
        | _CULTIVATION_READ
        | _CULTIVATION_MANAGE
        | _CULTIVATION_EXPORT
        | _SUPERVISION_READ
        | _SUPERVISION_MANAGE
        | _SUPERVISION_EXPORT
    ),
    Role.UNIT_OFFICER: frozenset(
        _CADRE_READ
        | _CADRE_WRITE
        | _CADRE_EXPORT
        | _SELECTION_READ
        | _APPLICATION_EXPORT
        | _CULTIVATION_READ
        | _CULTIVATION_EXPORT
        | _SUPERVISION_READ
        | _SUPERVISION_UNIT
        | _CARE_UNIT
        | _SUPERVISION_EXPORT
        | {"cadres.view_sensitive", "selection.recommend", "cultivation.record_results"}
    ),
    # A cadre reads their own record (scope decides which one) and sees their own ID number.
    Role.CADRE: frozenset(
        {"cadres.view_cadre", "cadres.view_sensitive", "selection.view_program", "selection.apply"}
        | _CULTIVATION_SELF
    ),
    # A mentor reads their mentees (scope decides which), logs and confirms mentoring, and
    # confirms their mentees' plan milestones.
    Role.MENTOR: frozenset(
        {
            "cadres.view_cadre",
            "selection.view_program",
            "selection.score",
            "cultivation.view_curriculum",
            "cultivation.view_mentoring",
            "cultivation.write_mentoring_log",
            "cultivation.view_attendance",
            "cultivation.view_practice",
            "cultivation.view_teams",
            "cultivation.view_results",
            "cultivation.view_plans",
        }
    ),
    # Outside raters see nothing but their assignments (scope decides which).
    Role.RATER: frozenset({"selection.score"}),
    # An inspector scores the rounds of their team (scope decides which) and reads the
    # evidence of the cadres in them.
    Role.INSPECTOR: frozenset(
        {"selection.view_program", "supervision.view_rounds", "supervision.score_round"}
    ),
    # A host contact sees the assignments they host (scope), and evaluates them at the end.
    Role.HOST: frozenset(
        {
            "cultivation.view_practice",
            "cultivation.evaluate_practice",
            # ... and gives the monthly evaluation a round asks of it.
            "supervision.evaluate_round",
        }
    ),
    Role.LEADER: frozenset(
        _CADRE_READ
        | _CADRE_EXPORT
        | _SELECTION_READ
        | _APPLICATION_EXPORT
        | _RANKING_EXPORT
        | _CULTIVATION_READ
        | _CULTIVATION_EXPORT
        | _SUPERVISION_READ
        | _SUPERVISION_EXPORT
        | {
            "selection.view_ranking",
            "selection.view_funnel",
            "selection.score",
            "cultivation.view_feedback",
        }
    ),
    # Configuration: the unit tree, code tables and tags, on the product's own system screens.
    Role.SYSTEM_ADMIN: frozenset(
        _ORGUNIT_ADMIN
        | {
            "cadres.manage_orgunits",
            "cadres.manage_codes",
            "cadres.manage_tags",
            "cadres.view_codeitem",
            "cadres.change_codeitem",
            "cadres.add_codeitem",
            "cadres.view_tag",
            "cadres.add_tag",
            "cadres.change_tag",
            "cadres.delete_tag",
            # Group robots (企业微信, 钉钉) and the log of messages sent outside the product.
            "core.manage_notifications",
        }
    ),
    Role.SECURITY_ADMIN: frozenset(
        {
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "accounts.manage_users",
            "accounts.reset_password",
            "accounts.unlock_user",
            "cadres.view_orgunit",
            # Unlocking a locked-out account is deleting its failure record.
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
        }
    ),
    Role.AUDIT_ADMIN: frozenset({"accounts.view_auditentry"}),
}


def capabilities(role: str) -> frozenset[str]:
    return CAPABILITIES.get(role, frozenset())
