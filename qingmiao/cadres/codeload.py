"""Load the national code tables shipped in `codes/` into CodeItem (idempotent)."""

import csv
from pathlib import Path

CODES_DIR = Path(__file__).resolve().parent / "codes"

# GB/T 4658 学历 → the ZB64 name the appointment form prints.
_XUELI_FORM_NAME = {
    "1": "研究生", "17": "研究生班", "18": "研究生班", "19": "研究生班",
    "2": "大学", "28": "大学普通班", "3": "大专", "4": "中专", "47": "中技",
    "48": "中技", "49": "中技", "44": "高中", "45": "高中", "46": "高中",
    "6": "高中", "7": "初中", "8": "小学",
}  # fmt: skip


def _xueli_form_name(code: str) -> str:
    return _XUELI_FORM_NAME.get(code) or _XUELI_FORM_NAME.get(code[:1], "")


def _read(name: str) -> list[dict]:
    with (CODES_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def rows() -> list[dict]:
    """Every code row as dicts of CodeItem fields."""
    out: list[dict] = []

    def add(table, code, name, **extra):
        out.append({"table": table, "code": code, "name": name, "sort": len(out), **extra})

    for r in _read("gbt2261_1_gender.csv"):
        add("GB2261.1", r["code"], r["name"])
    for r in _read("gbt2261_2_marital.csv"):
        add("GB2261.2", r["code"], r["name"])
    for r in _read("dmgrp_GB3304_ethnicity.csv"):
        add("GB3304", r["code"], r["name"])
    for r in _read("gbt4762_political.csv"):
        add(
            "GB4762",
            r["code"],
            r["name"],
            short_name=r["short_name"] or r["name"],
            form_name=r["lrmx_display"],
        )
    for r in _read("gbt4658_2006_xueli.csv"):
        add("GB4658", r["code"], r["name"], form_name=_xueli_form_name(r["code"]))
    for r in _read("dmgrp_ZB64_xueli.csv"):
        parent = "" if r["parent"] == "ZB64" else r["parent"]
        add("ZB64", r["code"], r["name"], parent_code=parent)
    for r in _read("dmgrp_GB6864_degree.csv"):
        parent = "" if r["parent"] == "GB6864" else r["parent"]
        add("GB6864", r["code"], r["name"], parent_code=parent)
    for r in _read("dmgrp_GB4761_family_relation.csv"):
        add("GB4761", r["code"], r["name"], parent_code=r["parent"] or "")
    for r in _read("gbt2260_mca_202012.csv"):
        code = r["code"]
        parent = (
            ""
            if code.endswith("0000")
            else (code[:2] + "0000" if code.endswith("00") else code[:4] + "00")
        )
        add("GB2260", code, r["name"], parent_code=parent)
    for r in _read("civil_servant_ranks_2019.csv"):
        add("RANK", f"R{int(r['order']):02d}", r["name"], short_name="", parent_code=r["category"])
    return out


def load(CodeItem) -> int:
    """Create missing codes and refresh names of existing ones; returns rows written."""
    existing = {(c.table, c.code): c for c in CodeItem.objects.all()}
    create, update = [], []
    for row in rows():
        item = existing.get((row["table"], row["code"]))
        if item is None:
            create.append(CodeItem(**row))
        else:
            changed = False
            for key, value in row.items():
                if getattr(item, key) != value:
                    setattr(item, key, value)
                    changed = True
            if changed:
                update.append(item)
    CodeItem.objects.bulk_create(create, batch_size=1000)
    if update:
        CodeItem.objects.bulk_update(
            update, ["name", "short_name", "parent_code", "form_name", "sort"], batch_size=1000
        )
    return len(create) + len(update)
