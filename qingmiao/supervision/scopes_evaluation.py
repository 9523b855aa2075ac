"""Who sees what of 管 · democratic evaluation (民主测评) with anonymous
ballot slips, annual appraisal (年度考核) with the 优秀 quota (registered on
import; see accounts.scoping).
"""
