"""What an .xlsx workbook hides from a reader that takes its cells' values: formulas whose value was never
calculated and saved (the cell reads as empty), and hidden sheets, rows and columns (read, but said)."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# a cell whose formula has no saved value: <c r="D7" …><f>SUM(…)</f></c>, no <v> or an empty one
_CELL = re.compile(rb"<c\b[^>]*?\br=\"([A-Z]+[0-9]+)\"[^>]*?(?:/>|>(.*?)</c>)", re.S)
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_VALUE = re.compile(rb"<v>[^<]+</v>")


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → its part in the package (xl/worksheets/sheetN.xml), from the workbook and its relations."""
    targets = {}
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    return {s.get("name"): targets.get(s.get(f"{_REL}id"), "") for s in book.iter(f"{_MAIN}sheet")}


def uncached_formulas(path: str | Path) -> dict[tuple[str, str], str]:
    """{(sheet title, cell): formula} of every formula cell without a saved value; {} for a workbook that
    cannot be read this way (the reader reports that itself)."""
    out: dict[tuple[str, str], str] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for title, part in _sheet_parts(archive).items():
                data = archive.read(part)
                if b"<f" not in data:
                    continue
                for ref, inner in _CELL.findall(data):
                    f = _FORMULA.search(inner or b"")
                    if f and not _VALUE.search(inner):
                        out[(title, ref.decode())] = "=" + (f.group(1) or b"").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError):
        return {}
    return out


def hidden_parts(ws) -> list[str]:
    """What an openpyxl worksheet hides, for a problem message: the sheet itself, its hidden rows (numbers) and
    columns (letters)."""
    out = []
    if ws.sheet_state != "visible":
        out.append({"hidden": "整张工作表被隐藏"}.get(ws.sheet_state, f"整张工作表被深度隐藏（{ws.sheet_state}）"))
    rows = sorted(r for r, d in ws.row_dimensions.items() if d.hidden)
    if rows:
        out.append("隐藏的行 " + "、".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else ""))
    cols = sorted(c for c, d in ws.column_dimensions.items() if d.hidden)
    if cols:
        out.append("隐藏的列 " + "、".join(cols[:10]) + (" …" if len(cols) > 10 else ""))
    return out
