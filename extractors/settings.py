"""Reader settings as data: every tolerance a reader uses, with a named default (pdfplumber's habit)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class PdfSettings:
    """Tolerances of the PDF reader, in PDF points (1/72 inch).

    rule_tolerance: two rules closer than this are one (snap), and rules this close touch (join); tight,
        so that the rules of neighbouring tables never merge.
    min_rules: a group of touching rules is a table only with at least this many horizontal and vertical ones.
    line_tolerance: words whose tops differ by less than this (× font size) stand on one text line.
    word_gap: a gap wider than this (× font size) between two words of one text line separates two texts.
    role_tolerance: a cell stands in a header's column (its 三级指标 or 指标值 column, when a page break is
        joined) if its left and right edges lie within this of that header cell's; looser than
        rule_tolerance, as a printer may shift a column's rules a little from page to page.
    """

    rule_tolerance: float = 1.0
    min_rules: int = 2
    line_tolerance: float = 0.5
    word_gap: float = 2.0
    role_tolerance: float = 4.0

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) <= 0:
                raise ValueError(f"PdfSettings.{f.name} 必须为正数，而不是 {getattr(self, f.name)!r}")

    @classmethod
    def resolve(cls, value: "PdfSettings | dict | None") -> "PdfSettings":
        """None → defaults; a dict → those fields changed; an instance → itself."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        return cls(**{**asdict(cls()), **value})
