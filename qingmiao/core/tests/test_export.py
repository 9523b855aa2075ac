"""The export writer itself: headers, widths, dates, chunked progress, and no formula ever."""

import datetime
import io
import zipfile

import openpyxl
import pytest

from qingmiao.core.export import Column, display_width, write_xlsx


class Row:
    def __init__(self, name, note, day):
        self.name, self.note, self.day = name, note, day


COLUMNS = [
    Column("姓名", lambda r: r.name, width=10),
    Column("备注说明", lambda r: r.note),
    Column("日期", lambda r: r.day),
]
DANGEROUS = ["=1+1", "+86 10 1234", "-2", "@SUM(A1)", '=HYPERLINK("http://x","点我")', "\t=1"]


def read(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_formula_like_text_is_written_as_text_never_as_a_formula():
    rows = [Row(text, text, None) for text in [*DANGEROUS, "张伟"]]
    content, count = write_xlsx(title="名单", rows=rows, columns=COLUMNS)
    assert count == len(rows)
    sheet = read(content)
    cells = [row[:2] for row in sheet.iter_rows(min_row=2)]
    for (name, note), text in zip(cells, [*DANGEROUS, "张伟"], strict=True):
        assert name.value == text and note.value == text
        assert name.data_type == "s" and note.data_type == "s"
    assert all(c.quotePrefix for c, _ in cells[: len(DANGEROUS)])
    # The file holds no formula element at all.
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_header_is_bold_and_frozen_with_widths_for_chinese_text():
    content, _ = write_xlsx(title="干部档案", rows=[], columns=COLUMNS)
    sheet = read(content)
    assert sheet.title == "干部档案"
    assert [c.value for c in sheet[1]] == ["姓名", "备注说明", "日期"]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 10
    # 备注说明: four Chinese characters are eight columns wide, plus two of margin.
    assert display_width("备注说明") == 8
    assert sheet.column_dimensions["B"].width == 10
    assert sheet.column_dimensions["C"].width == 8


def test_dates_are_dates_shown_the_chinese_way_and_numbers_stay_numbers():
    rows = [Row("张伟", 31, datetime.date(2026, 11, 22))]
    sheet = read(write_xlsx(title="x", rows=rows, columns=COLUMNS)[0])
    note, day = sheet["B2"], sheet["C2"]
    assert note.value == 31 and note.data_type == "n"
    assert day.value == datetime.datetime(2026, 11, 22)
    assert day.number_format == "yyyy年m月d日"


@pytest.mark.django_db
def test_a_queryset_is_read_in_chunks_with_progress_after_each(people):
    from qingmiao.cadres.models import Cadre

    reports = []
    content, count = write_xlsx(
        title="x",
        rows=Cadre.objects.order_by("name_pinyin"),
        columns=[Column("姓名", lambda c: c.name)],
        progress=reports.append,
        chunk_size=1,
    )
    assert count == 3 and reports == [1, 2, 3]
    assert [r[0].value for r in read(content).iter_rows(min_row=2)] == ["李娜", "王强", "张伟"]
