"""管: how cadres are assessed, evaluated, recorded and looked after once they are in the chain.

One module per area: `rounds` (schemes, monthly rounds, scores, the performance list),
`evaluation` (democratic evaluation, annual appraisal), `records` (fitness reviews, record
documents), `care` (care flags and actions). Figures another app already holds (hours, logs,
deliverables) are read from it, never copied here.
"""

from .care import *  # noqa: F403
from .evaluation import *  # noqa: F403
from .records import *  # noqa: F403
from .rounds import *  # noqa: F403
