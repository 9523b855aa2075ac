"""Which navigation entry (cultivation/nav.html) a 育 page belongs to: the longest matching
path prefix wins (see qingmiao/core/shell.py). A cadre's own pages all belong to 我的培养."""

from qingmiao.core.shell import register_nav

register_nav(
    [
        ("/cultivation/overview/", "cultivation.overview"),
        ("/cultivation/curriculum", "cultivation.curriculum"),
        ("/cultivation/curriculum/upcoming", "cultivation.upcoming"),
        ("/cultivation/my/", "cultivation.my"),
        ("/cultivation/attendance/", "cultivation.attendance"),
        ("/cultivation/mentoring/", "cultivation.mentoring"),
        ("/cultivation/mentoring/mentors/", "cultivation.mentors"),
        ("/cultivation/mentoring/pairs/", "cultivation.pairs"),
        ("/cultivation/mentoring/logs/", "cultivation.logs"),
        ("/cultivation/my/mentees/", "cultivation.my_mentees"),
        ("/cultivation/practice/", "cultivation.practice"),
        ("/cultivation/my/hosted", "cultivation.my_hosted"),
        ("/cultivation/teams/", "cultivation.teams"),
        ("/cultivation/results/", "cultivation.results"),
        ("/cultivation/plans/", "cultivation.plans"),
    ]
)
