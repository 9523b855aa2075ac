"""What 管 · democratic evaluation (民主测评) with anonymous ballot slips,
annual appraisal (年度考核) with the 优秀 quota adds to a cadre's growth
record (registered on import; see timeline.py).
"""
