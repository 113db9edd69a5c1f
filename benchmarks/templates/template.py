"""The axes a template varies along, and a seeded draw of one template (each axis chosen independently)."""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field

FAMILIES = ("caption", "cell_pair", "numbered_cell", "goal_column", "export")
PRODUCERS = ("pdf_ruled", "pdf_report", "pdf_chromium", "xlsx", "csv", "docx", "html", "export_xlsx", "export_csv")
EXPORT_PRODUCERS = ("export_xlsx", "export_csv")
PDF_PRODUCERS = ("pdf_ruled", "pdf_report", "pdf_chromium")

NAME_HEADERS = ("三级指标", "指标内容", "指标名称", "绩效指标")
TARGET_HEADERS_LT = ("指标值", "中长期指标值", "目标值")
TARGET_HEADERS_AN = ("指标值", "年度指标值", "当年指标值", "预计当年实现", "当年预期实现值", "目标值")
SIGN_HEADERS = ("指标性质", "计算符号")
UNIT_HEADERS = ("度量单位", "计量单位")
BASIS_HEADERS = ("指标值确定依据", "确定依据", "指标来源")
EXTRA_HEADERS = ("指标解释", "评分标准", "备注", "权重", "分值")
GOAL_COLUMN_HEADERS = ("目标名称", "绩效目标", "目标")
CODE_LABELS = ("项目编码", "项目代码")
EXEC_LABELS = ("实施单位", "执行单位", "项目单位", "项目执行单位")
DEPT_LABELS = ("主管部门", "项目主管部门")
CAT_LABELS = ("项目属性", "项目类别")
PERIOD_LABELS = ("项目期限", "起止时间", "起止年度", "项目起止时间")
PERIOD_FORMATS = ("{a}年至{b}年", "{a}-{b}", "{a}年1月-{b}年12月")
TOTAL_LABELS = ("项目总预算", "资金总额", "总额")
YEAR_LABELS = ("项目当年预算", "年度资金总额", "财政拨款")
PREV_NAMED = (("前年", "上年"), ("前年实际值", "上年实际值"), ("前年完成值", "上年预计完成值"))
PREV_YEARS = (("{y}年实际完成", "{y}年预计完成"), ("{y}年实际", "{y}年预计"), ("{y}年完成值", "{y}年预计值"))
GOAL_PREFIXES_MORE = ("（{cn}）", "目标{cn}：")  # Chinese numerals: （一）…, 目标一：…
EXPORT_TYPE_HEADERS = ("目标类型", "期限", "目标期限")
EXPORT_NUMBER_HEADERS = ("目标序号", "目标编号")
EXPORT_GOAL_HEADERS = ("绩效目标", "目标名称", "目标内容")
EXPORT_TYPE_WORDS = ("{h}目标", "{h}")
LT_WORDS = ("长期", "中长期")
AN_WORDS = ("年度", "当年")


@dataclass
class Template:
    """One drawn template: every axis value, printed with each generated document."""

    family: str
    producer: str
    tables: str = "per_goal"  # per_goal | per_horizon
    caption_style: str = "{h}目标{n}：{t}"
    lt_word: str = "长期"
    an_word: str = "年度"
    name_header: str = "三级指标"
    target_header_lt: str = "指标值"
    target_header_an: str = "预计当年实现"
    split_target: bool = False
    sign_header: str = "指标性质"
    unit_header: str = "度量单位"
    prev: str = "named"  # absent | named | years
    prev_pos: str = "before"  # before | after the target
    prev_where: str = "all"  # all | filled (only tables whose rows have a value)
    basis_header: str | None = "指标值确定依据"
    extras: list[str] = field(default_factory=list)
    header_rows: int = 1
    goal_header: str = "目标名称"
    goal_prefix: str = "目标{n}："
    list_sep: str = "；"
    code_label: str | None = "项目编码"
    dept_label: str = "主管部门"
    exec_label: str = "执行单位"
    cat_label: str = "项目属性"
    period_label: str = "项目期限"
    period_format: str = "{a}年至{b}年"
    total_label: str = "项目总预算"
    year_label: str = "项目当年预算"
    money_unit: str = "万元"
    unit_place: str = "line"  # line (金额单位：…) | label (项目总预算（万元）) | cell (30.00万元)
    thousands: bool = False
    form_pairs: int = 2  # label/value pairs a form row
    valign: str = "middle"  # merged cells top- or middle-aligned
    label_repeat: bool = False  # a merged label printed again after a page break
    page: str = "A4L"
    font_size: float = 9.0
    repeat_header: bool = True
    split_rows: bool = False  # a tall row broken over a page (its lines continued on the next)
    period_split: bool = False  # the period as two fields 起始年度 | 终止年度 instead of one
    footer: str = "第{p}页"
    csv_encoding: str = "utf-8-sig"
    xlsx_numbers: str = "numeric"
    sheets: str = "one"  # one | per_block (workbooks)
    export_order: list[str] = field(default_factory=list)
    # axes drawn after the others (earlier seeds keep the axes above)
    prev_named: tuple[str, str] = ("前年", "上年")  # 前年/上年 columns named in words …
    prev_years: tuple[str, str] = ("{y}年实际完成", "{y}年预计完成")  # … or as years
    other_funds: bool = False  # a 其他资金 line under the year's budget (财政拨款 + 其他资金)
    paren: str = "（）"  # the brackets of a unit in a label: 总额（万元） or 总额(万元)
    export_type_header: str = "目标类型"
    export_number_header: str = "目标序号"
    export_goal_header: str = "绩效目标"
    export_name_header: str = "三级指标"
    export_type_word: str = "{h}目标"  # a row's 目标类型 value: 长期目标 or 长期
    export_context: list[str] = field(default_factory=lambda: ["type", "number", "goal"])  # their column order
    export_unit_header: str = "单位名称"
    level_headers: tuple[str, str] = ("一级指标", "二级指标")  # or 一级 | 二级
    unit_line: str | None = None  # the unit said once: 金额单位：{u} / 单位：{u} (None: either, by the content), （单位：{u}）
    html_head: bool = False  # HTML header rows in <thead> (a browser prints them again on every page)
    xlsx_values: str = "text"  # text | numeric: plain numbers and percentages typed into a workbook are stored as numbers
    serial: bool = False  # a 序号 column first (1, 2, 3 … a table)
    merge_labels: bool = True  # 一级 / 二级 labels and goal cells merged over their rows, or printed on every row
    notes: bool = False  # a 注：… line under each block's tables
    signature: bool = False  # a 单位负责人： 填报人： 联系电话： line closing each block
    target_year: str | None = None  # the annual target's head as the fiscal year: {y}年指标值, {y}年目标值
    of_which: bool = False  # 财政拨款 printed as 其中：财政拨款 (under the year's funds)
    caption_in_table: bool = False  # a table's caption as its first row, one cell across the table
    label_style: str = "plain"  # form labels plain, with a colon (项目名称：) or spaced out (项 目 名 称)
    export_sort: str = "goal"  # goal (a block's rows goal by goal) | annual_first (annual goals' rows before long-term ones)

    def features(self) -> str:
        """The axis values that shaped this document (those of other families and producers left out), one line."""
        d = asdict(self)
        export, pdf = self.family == "export", self.producer in PDF_PRODUCERS
        skip = set()
        if export:
            skip |= {"tables", "caption_style", "lt_word", "name_header", "target_header_lt", "target_header_an", "prev",
                     "prev_pos", "prev_where", "basis_header", "header_rows", "goal_header", "goal_prefix", "list_sep",
                     "code_label", "dept_label", "exec_label", "cat_label", "period_label", "period_format", "total_label",
                     "year_label", "money_unit", "unit_place", "thousands", "form_pairs", "valign", "sign_header", "unit_header",
                     "period_split", "prev_named", "prev_years", "other_funds", "paren"}
        else:
            skip |= {"export_order", "export_type_header", "export_number_header", "export_goal_header", "export_name_header",
                     "export_type_word", "export_context", "export_unit_header"}
        if self.family != "caption":
            skip.add("caption_style")
        if self.family not in ("numbered_cell", "goal_column"):
            skip |= {"tables", "goal_prefix", "list_sep"}
        if self.family != "goal_column":
            skip.add("goal_header")
        if self.family != "numbered_cell":
            skip.add("list_sep")
        if not self.split_target:
            skip |= {"sign_header", "unit_header"}
        if self.period_split:
            skip |= {"period_label", "period_format"}
        if self.prev == "absent":
            skip |= {"prev_pos", "prev_where"}
        skip.add("prev_years" if self.prev == "named" else "prev_named")
        if self.unit_place != "label":
            skip.add("paren")
        if self.unit_place != "line":
            skip.add("unit_line")
        if self.producer not in ("html", "pdf_chromium"):
            skip.add("html_head")
        if self.producer != "xlsx":
            skip.add("xlsx_values")
        if export or self.level_headers == ("一级指标", "二级指标"):
            skip.add("level_headers")
        if export:
            skip |= {"serial", "merge_labels", "notes", "signature", "target_year", "of_which", "caption_in_table", "label_style"}
        else:
            skip.add("export_sort")
        if self.year_label != "财政拨款":
            skip.add("of_which")
        if not pdf:
            skip |= {"label_repeat", "page", "repeat_header", "split_rows", "footer"}
        if not pdf and self.producer != "html":
            skip.add("font_size")
        if self.producer not in ("csv", "export_csv"):
            skip.add("csv_encoding")
        if self.producer != "xlsx":
            skip |= {"xlsx_numbers", "sheets"}
        return " ".join(f"{k}={v}" for k, v in d.items() if k not in skip and v not in (None, [], ""))


def draw_template(rng: random.Random, families: tuple[str, ...] = FAMILIES, producers: tuple[str, ...] = PRODUCERS) -> Template:
    """A template with every axis drawn independently (the producer must suit the family: exports are one sheet)."""
    fams = [f for f in families if any((p in EXPORT_PRODUCERS) == (f == "export") for p in producers)]
    if not fams:
        raise SystemExit("template randomiser: no family fits the chosen producers")
    family = rng.choice(fams)
    prods = [p for p in producers if (p in EXPORT_PRODUCERS) == (family == "export")]
    t = Template(family=family, producer=rng.choice(prods))
    c = rng.choice
    if family in ("numbered_cell", "goal_column"):
        t.tables = c(("per_goal", "per_horizon"))
    t.caption_style = c(("{h}目标{n}：{t}", "{h}绩效目标{n}：{t}", "{h}目标{n}:{t}"))
    t.lt_word, t.an_word = c(LT_WORDS), c(AN_WORDS)
    t.name_header = c(NAME_HEADERS)
    t.target_header_lt, t.target_header_an = c(TARGET_HEADERS_LT), c(TARGET_HEADERS_AN)
    t.split_target = rng.random() < 0.4
    t.sign_header, t.unit_header = c(SIGN_HEADERS), c(UNIT_HEADERS)
    t.prev = c(("absent", "named", "years"))
    t.prev_pos = c(("before", "after"))
    t.prev_where = c(("all", "filled"))
    t.basis_header = c(BASIS_HEADERS + (None,))
    t.extras = rng.sample(EXTRA_HEADERS, c((0, 0, 1, 2)))
    t.header_rows = c((1, 2))
    t.goal_header = c(GOAL_COLUMN_HEADERS)
    t.goal_prefix = c(("目标{n}：", "{n}.", "{n}、"))
    t.list_sep = c(("；", "\n"))
    t.code_label = c(CODE_LABELS + (None,))
    t.dept_label, t.exec_label, t.cat_label = c(DEPT_LABELS), c(EXEC_LABELS), c(CAT_LABELS)
    t.period_label, t.period_format = c(PERIOD_LABELS), c(PERIOD_FORMATS)
    t.total_label, t.year_label = c(TOTAL_LABELS), c(YEAR_LABELS)
    t.money_unit = c(("万元", "元"))
    t.unit_place = c(("line", "label", "cell"))
    t.thousands = rng.random() < 0.5
    t.form_pairs = c((1, 2))
    t.valign = c(("top", "middle"))
    t.label_repeat = rng.random() < 0.3
    t.page = c(("A4P", "A4L", "A3L"))
    t.font_size = c((8.0, 9.0, 10.5))
    t.repeat_header = rng.random() < 0.6
    t.footer = c(("第{p}页", "— {p} —", "第{p}页共{n}页", "- {p} -"))
    t.csv_encoding = c(("utf-8-sig", "gb18030"))
    t.xlsx_numbers = c(("numeric", "text"))
    t.sheets = c(("one", "per_block"))
    optional = ["项目编码", "计量单位", "前年实际值", "上年实际值", "指标值确定依据"] + list(t.extras)
    t.export_order = [x for x in optional if rng.random() < 0.75]
    rng.shuffle(t.export_order)
    t.split_rows = rng.random() < 0.4  # drawn last: earlier seeds keep their other axes
    t.period_split = rng.random() < 0.2
    # drawn after every earlier axis, so that a seed keeps the templates it drew before these were added
    if rng.random() < 0.25:
        t.unit_header = "单位"
    t.prev_named, t.prev_years = c(PREV_NAMED), c(PREV_YEARS)
    if rng.random() < 0.3:
        t.goal_prefix = c(GOAL_PREFIXES_MORE)
    if rng.random() < 0.2:
        t.dept_label = "主管部门及代码"
    t.other_funds = rng.random() < 0.3
    t.paren = c(("（）", "()"))
    t.export_type_header, t.export_number_header = c(EXPORT_TYPE_HEADERS), c(EXPORT_NUMBER_HEADERS)
    t.export_goal_header, t.export_name_header = c(EXPORT_GOAL_HEADERS), c(NAME_HEADERS)
    t.export_type_word = c(EXPORT_TYPE_WORDS)
    t.export_context = ["type", "number", "goal"]
    if rng.random() < 0.4:
        rng.shuffle(t.export_context)
    t.export_unit_header = c(("单位名称", "预算单位"))
    if rng.random() < 0.2:
        t.level_headers = ("一级", "二级")
    t.unit_line = c((None, None, "（单位：{u}）"))
    t.html_head = rng.random() < 0.5
    t.xlsx_values = c(("text", "numeric"))
    if rng.random() < 0.25:
        t.period_format = c(("{a}年—{b}年", "{a}.01-{b}.12"))
    if rng.random() < 0.25:
        t.caption_style = c(("{h}目标{cn}：{t}", "{h}绩效目标（{n}）：{t}"))
    t.serial = rng.random() < 0.3
    t.merge_labels = rng.random() < 0.75
    t.notes, t.signature = rng.random() < 0.3, rng.random() < 0.3
    t.target_year = c((None, None, None, "{y}年指标值", "{y}年目标值"))
    t.of_which = rng.random() < 0.5
    t.caption_in_table = rng.random() < 0.25
    t.export_sort = c(("goal", "goal", "annual_first"))
    if rng.random() < 0.2:
        t.csv_encoding = "utf-8"  # no byte-order mark
    t.label_style = c(("plain", "plain", "colon", "spaced"))
    return t
