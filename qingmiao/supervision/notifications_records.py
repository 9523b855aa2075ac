"""Kinds of notification of 管 · the growth record (成长纪实档案) timeline,
fitness reviews (适岗情况与能力水平分析), the record as .docx and PDF (registered
on import).
"""
