"""Which navigation entry (supervision/nav.html) a 管 page belongs to: the longest matching
path prefix wins (see qingmiao/core/shell.py)."""

from qingmiao.core.shell import register_nav

register_nav(
    [
        ("/supervision/rounds/", "supervision.rounds"),
        ("/supervision/members/", "supervision.rounds"),
        ("/supervision/schemes/", "supervision.schemes"),
        ("/supervision/inspect/", "supervision.inspect"),
        ("/supervision/host/", "supervision.host"),
        ("/supervision/evaluations/", "supervision.evaluations"),
        ("/supervision/appraisals/", "supervision.appraisals"),
        ("/supervision/fitness/", "supervision.fitness"),
        ("/supervision/care/", "supervision.care"),
    ]
)
