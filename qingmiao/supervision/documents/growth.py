"""The growth record as a document (成长纪实档案): title, photo, basic information, the fitness
reviews, the yearly summary and the timeline by year — one context, two layouts (.docx from
the Word template, PDF from an HTML page), so both say the same."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.cadres.templatetags.qingmiao import cn_date, list_date, month, plain_number
from qingmiao.core.documents import data_uri, html_to_pdf, render_docx

from ..selectors import fitness as fitness_selectors
from ..selectors import growth as selectors
from ..timeline import KINDS

TEMPLATE = Path(__file__).resolve().parent / "growth_record.docx"
PHOTO_WIDTH_MM = 30


def _photo(cadre) -> tuple[bytes, str]:
    if not cadre.photo:
        return b"", ""
    try:
        with cadre.photo.open("rb") as f:
            content = f.read()
    except OSError:  # a photo file gone from storage: the record prints without it
        return b"", ""
    mime = "image/png" if content[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg"
    return content, mime


def _year_line(y) -> str:
    parts = [
        _("%(kind)s %(n)s 项") % {"kind": label, "n": y.counts[k]}
        for k, label in KINDS.items()
        if k in y.counts
    ]
    f = y.figures
    if f["hours"]:
        parts.append(_("学时 %(n)s") % {"n": plain_number(f["hours"])})
    if f["capital"]:
        parts.append(_("引进注册资本 %(n)s 万元") % {"n": plain_number(f["capital"])})
    return "；".join(parts)


def labels() -> dict:
    return {
        "title": _("成长纪实档案"),
        "basic": _("一、基本情况"),
        "name": _("姓名"),
        "gender": _("性别"),
        "birth": _("出生年月"),
        "hire": _("入职时间"),
        "unit": _("工作单位"),
        "post": _("职务"),
        "education": _("学历"),
        "political": _("政治面貌"),
        "fitness": _("二、适岗情况与能力水平分析"),
        "period": _("分析期间"),
        "judgement": _("评价"),
        "reasons": _("评价理由"),
        "reviewer": _("分析人"),
        "no_reviews": "",
        "summary": _("三、年度概况"),
        "year": _("年度"),
        "year_summary": _("纪实事项与主要数据"),
        "timeline": _("四、成长纪实"),
    }


def context(user, cadre) -> dict:
    """Everything the document shows, read through the user's scope."""
    events = selectors.timeline(user, cadre)
    summaries = {y.year: y for y in selectors.summary(events)}
    reviews = [
        {
            "period": f"{list_date(r.period_start)}—{list_date(r.period_end)}",
            "judgement": r.get_judgement_display() or _("待分析"),
            "reasons": r.reasons,
            "reviewer": r.reviewer.display_name if r.reviewer else "",
        }
        for r in fitness_selectors.cadre_reviews(user, cadre)
    ]
    years = [
        {
            "year": year,
            "heading": _("%(year)s年") % {"year": year},
            "summary": _year_line(summaries[year]),
            "events": [
                {
                    "day": list_date(e.day),
                    "kind": str(KINDS.get(e.kind, "")),
                    "title": e.title,
                    "detail": e.detail,
                }
                for e in items
            ],
        }
        for year, items in selectors.by_year(events)
    ]
    L = labels()
    L["unit_line"] = cadre.unit.name
    L["no_reviews"] = "" if reviews else _("暂无分析记录。")
    L["footer"] = _("%(date)s 由青苗生成") % {"date": cn_date(timezone.localdate())}
    return {
        "L": L,
        "name": cadre.name,
        "gender": str(cadre.gender or ""),
        "birth": month(cadre.birth_date),
        "hire": month(cadre.hire_date),
        "unit": cadre.unit.name,
        "post": cadre.post,
        "education": str(cadre.fulltime_education or ""),
        "political": str(cadre.political_status or ""),
        "reviews": reviews,
        "years": years,
        "events": len(events),
    }


def to_docx(user, cadre) -> bytes:
    content, _mime = _photo(cadre)
    return render_docx(TEMPLATE, context(user, cadre), images={"photo": (content, PHOTO_WIDTH_MM)})


def to_pdf(user, cadre) -> bytes:
    ctx = context(user, cadre)
    content, mime = _photo(cadre)
    ctx["photo"] = data_uri(content, mime) if content else ""
    return html_to_pdf(render_to_string("supervision/documents/growth_record.html", ctx))
