"""Each layout reader on small excerpts written for the test, and the rows the shared assembler cuts."""
from pathlib import Path

import pytest

from extractors import extract_document
from extractors.lines import read_lines
from extractors.readers import detect_layout

HEAD = "表 12.测试局 2025 年部门项目申报表（含绩效目标）\n\n单位：万元\n\n"

PLAIN = HEAD + """项目名称 测试系统运维 项目编码 42010500000T000000001

项目主管部门 测试局 项目执行单位 测试局

项目属性 持续性项目

起始年度 2025 终止年度 2027

项目总预算 12.5 项目当年预算 10

项目绩效总目标

长期绩效目标 1 保障系统稳定运行

年度绩效目标 1 保障系统稳定运行

长期绩效目标表

目标名称 一级指标 二级指标 三级指标 指标值 指标值确定依据

长期绩效目标 1

产出指标

数量指标 巡检报告篇数 ≥ 12 篇 计划标准

质量指标
系统故障处理及

时率
100% 计划标准

满意度

指标

服务对象满

意度指标

使用单位满意度 ≥ 90% 行业标准

年度绩效目标表

目标名称 一级指标 二级指标 三级指标 指标值 指标值确定依据

前年 上年 预计当年实现

年度绩效目标 1

成本指标 经济成本指标 成本控制 ≤ 12

万元
≤ 11 万元 ≤ 10 万元 计划标准

产出指标

数量指标 巡检报告篇数 12篇 12篇 ≥ 12 篇 计划标准

效益指标

社会效益

指标

保障业务系统

稳定运行
有效保障 有效保障 有效保障 计划标准
"""

TSV = """表\t12-1.项目支出绩效目标表

单位：万元

项目名称\t测试经费\t项目编号
项目主管部门\t测试局\t项目执行单位\t测试局
项目属性\t常年性项目
起始年度\t2026\t年\t终止年度\t2026\t年
项目总预算\t30\t万元\t项目当年预算\t30\t万元
项目绩效总目标
名称\t目标说明
长期绩效目标\t1\t推动产业发展。
年度绩效目标\t1\t推动产业发展。
长期绩效目标表
目标名称\t一级指标\t二级指标\t三级指标\t指标值\t指标值确定依据
长期绩效目标\t成本指标\t经济成本\t指标\t成本控制\t≤30\t万元\t计划标准
产出指标\t数量指标\t全年开展防汛应急演\t练\t≥2\t场\t计划标准
质量指标\t监控点运行正常率\t$\\geq\t95\\%$\t计划标准
效益指标\t社会效益\t指标\t科研经费项目管理能\t力\t提升\t历史标准
年度绩效目标表
目标名称\t一级指标\t二级指标\t三级指标\t指标值\t指标值确定依据
前年\t上年\t预计当年实现
年度绩效目标\t1\t成本指标\t经济成本指标\t成本控制\t145\t78.4\t≤30\t万元\t计划标准
产出指标\t数量指标\t引育重点企业\t≥30\t家\t≥30\t家\t≥20\t家\t计划标准
应急广播调度系统故障解决\t=100%\t100%\t100%\t历史标准

率
"""

MARKDOWN = """表 12-1 项目支出绩效目标表

单位：元

| | | | |
|---|---|---|---|
| 项目名称 | 测试外包服务费 | | |
| 项目主管部门 | 测试局 | 项目执行单位 | 测试 局 |
| 一级项目名称 | 编外人员项目 | 项目安排频度 | 常年性项目 |
| 起始年度 | 2026 | 终止年度 | 2026 |
| 项目总预算 | 132,000 | 项目当年预算 | 132,000 |
| 项目绩效总目标 | | | |
| 长期绩效目标1 | 保障工作开展 | | |
| 年度绩效目标1 | 保障工作开展 | | |
| 长期绩效目标表 | | | | | |
| 目标名称 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 指标值确定依据 |
| 长期绩效目标1 | 产出指标 | 数量指标 | 外聘安保人员人数 | =3人 | 计划标准 |
| | | 社会效益 | 保障各类活动开展 | 有效保 | 计划标准 |

| | | 指标 | | 障 | | | |
|---|---|---|---|---|---|---|---|
| 满意度指标 | 服务对象满意度 | 群众满意度 | ≥90% | 计划标准 | |
| 年度绩效目标表 | | | | | | | |
| 目标名称 | 一级指标 | 二级指标 | 三级指标 | 指标值 | | | 指标值确定依据 |
| | | | | 前年 | 上年 | 预计当年实现 | |
| 年度绩效目标 1 | 产出指标 | 数量指标 | 外聘安保人员人数 | | | =3人 | 计划标准 |
| | 质量指标 | 人员考评优秀率 | | | ≥90% | 计划标准 | |
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _rows(records):
    return {(r["horizon"], r["name"]): r for r in records if r["type"] == "indicator"}


def test_layout_detection():
    assert detect_layout(PLAIN) == "plain"
    assert detect_layout(TSV) == "tsv"
    assert detect_layout(MARKDOWN) == "markdown"


def test_lines_keep_numbers_and_gaps():
    lines = read_lines("a\n\nb\nc\n\n\n\nd")
    assert [(ln.no, ln.gap) for ln in lines] == [(1, 1), (3, 2), (4, 1), (8, 4)]


def test_plain_reader(tmp_path):
    recs, warnings = extract_document(_write(tmp_path, "plain.txt", PLAIN))
    rows = _rows(recs)
    assert len(rows) == 6
    r = rows[("long_term", "系统故障处理及时率")]  # a name wrapped over two printed lines
    assert (r["level1"], r["level2"], r["target"], r["basis"]) == ("产出指标", "质量指标", "100%", "计划标准")
    r = rows[("long_term", "使用单位满意度")]  # broken labels joined by the vocabulary
    assert (r["level1"], r["level2"], r["target"], r["basis"]) == ("满意度指标", "服务对象满意度指标", "≥90%", "行业标准")
    r = rows[("annual", "成本控制")]  # a value broken over two lines, then two more on one line
    assert (r["prev2"], r["prev1"], r["target"]) == ("≤12万元", "≤11万元", "≤10万元")
    r = rows[("annual", "保障业务系统稳定运行")]
    assert (r["level1"], r["level2"], r["target"], r["prev1"]) == ("效益指标", "社会效益指标", "有效保障", "有效保障")
    (p,) = [r for r in recs if r["type"] == "project"]
    assert (p["code"], p["total_budget"], p["year_budget"], p["money_unit"], p["start_year"], p["end_year"]) == (
        "42010500000T000000001", 12.5, 10, "万元", 2025, 2027)
    assert {(g["horizon"], g["goal"], g["text"]) for g in recs if g["type"] == "goal"} == {
        ("long_term", 1, "保障系统稳定运行"), ("annual", 1, "保障系统稳定运行")}


def test_plain_reader_tight_wrapping(tmp_path):
    """Some converters keep a wrapped cell's lines together and put blank lines between cells."""
    text = HEAD + """项目名称 测试项目

项目主管部门 测试局

长期绩效目标表

目标名称 一级指标 二级指标 三级指标 指标值 指标值确定依据

长期绩效目标1

产出指标
数量指标

实现路灯全域覆盖
点位数

≥ 450 个

效益指标
经济效益
指标

相较于各街道分散
采购监控设备，节约
财政资金

≥ 200 万
"""
    rows = _rows(extract_document(_write(tmp_path, "tight.txt", text))[0])
    assert rows[("long_term", "实现路灯全域覆盖点位数")]["target"] == "≥450个"
    r = rows[("long_term", "相较于各街道分散采购监控设备，节约财政资金")]
    assert (r["level2"], r["target"]) == ("经济效益指标", "≥200万")


def test_tsv_reader(tmp_path):
    recs, _ = extract_document(_write(tmp_path, "tsv.txt", TSV))
    rows = _rows(recs)
    assert rows[("long_term", "成本控制")]["level2"] == "经济成本指标"
    assert rows[("long_term", "成本控制")]["target"] == "≤30万元"
    assert rows[("long_term", "全年开展防汛应急演练")]["target"] == "≥2场"
    assert rows[("long_term", "监控点运行正常率")]["target"] == "≥95%"  # LaTeX split by a tab
    assert rows[("long_term", "科研经费项目管理能力")]["target"] == "提升"
    r = rows[("annual", "成本控制")]
    assert (r["prev2"], r["prev1"], r["target"]) == ("145", "78.4", "≤30万元")
    r = rows[("annual", "引育重点企业")]
    assert (r["prev2"], r["prev1"], r["target"], r["level1"]) == ("≥30家", "≥30家", "≥20家", "产出指标")
    # a page break cut "率" off the name; it is joined back
    assert rows[("annual", "应急广播调度系统故障解决率")]["prev2"] == "=100%"
    (p,) = [r for r in recs if r["type"] == "project"]
    assert (p["code"], p["category"], p["total_budget"]) == (None, "常年性项目", 30)


def test_markdown_reader(tmp_path):
    recs, _ = extract_document(_write(tmp_path, "md.txt", MARKDOWN))
    rows = _rows(recs)
    # a row split by a page break: "社会效益" + "指标", "有效保" + "障"
    r = rows[("long_term", "保障各类活动开展")]
    assert (r["level2"], r["target"], r["basis"]) == ("社会效益指标", "有效保障", "计划标准")
    # a row shifted one cell left: read by content
    r = rows[("long_term", "群众满意度")]
    assert (r["level1"], r["level2"], r["target"]) == ("满意度指标", "服务对象满意度", "≥90%")
    r = rows[("annual", "人员考评优秀率")]  # value in the 上年 column, basis in 当年: shifted
    assert (r["target"], r["basis"], r["prev1"]) == ("≥90%", "计划标准", None)
    (p,) = [r for r in recs if r["type"] == "project"]
    assert (p["total_budget"], p["money_unit"], p["category"], p["executor"]) == (132000, "元", "编外人员项目", "测试局")


@pytest.mark.parametrize("layout", ["plain", "tsv", "markdown"])
def test_layout_override(tmp_path, layout):
    text = {"plain": PLAIN, "tsv": TSV, "markdown": MARKDOWN}[layout]
    recs, _ = extract_document(_write(tmp_path, "x.txt", text), layout=layout)
    assert any(r["type"] == "indicator" for r in recs)


def _as_html(md: str) -> str:
    """The markdown excerpt as an HTML-table converter would print it."""
    out, in_table = [], False
    for line in md.splitlines():
        s = line.strip()
        if s.startswith("|") and set(s) <= set("|-: "):
            continue
        if s.startswith("|"):
            if not in_table:
                out.append("<table>")
                in_table = True
            cells = [c.strip() for c in s[1:-1].split("|")]
            out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        else:
            if in_table:
                out.append("</table>")
                in_table = False
            out.append(line)
    if in_table:
        out.append("</table>")
    return "\n".join(out)


def test_html_reader(tmp_path):
    html = _as_html(MARKDOWN)
    assert detect_layout(html) == "html"
    recs, _ = extract_document(_write(tmp_path, "t.html", html))
    rows = _rows(recs)
    assert rows[("long_term", "外聘安保人员人数")]["target"] == "=3人"
    assert rows[("long_term", "群众满意度")]["level1"] == "满意度指标"
    assert rows[("annual", "人员考评优秀率")]["target"] == "≥90%"
    (p,) = [r for r in recs if r["type"] == "project"]
    assert (p["project"], p["total_budget"], p["money_unit"]) == ("测试外包服务费", 132000, "元")


def test_markdown_without_outer_pipes(tmp_path):
    text = "\n".join(ln.strip()[1:-1].strip() if ln.strip().startswith("|") and not set(ln.strip()) <= set("|-: ") else ln
                     for ln in MARKDOWN.splitlines())
    assert detect_layout(text) == "markdown"
    rows = _rows(extract_document(_write(tmp_path, "np.txt", text))[0])
    assert rows[("long_term", "外聘安保人员人数")]["target"] == "=3人"
    assert rows[("annual", "人员考评优秀率")]["target"] == "≥90%"


DEPT_TITLED = """表 11.测试局 2025 年部门整体支出绩效目标申报表

单位：万元

部门（单位）名称 测试局

长期绩效目标表

一级指标 二级指标 三级指标 指标值 指标值确定依据

产出指标 数量指标 走访企业数量 10家以上 计划标准

满意度指标 服务对象满意度指标 企业满意度 ≥90% 行业标准

年度绩效目标表

一级指标 二级指标 三级指标 前年 上年 预计当年实现 指标值确定依据

产出指标 数量指标 走访企业数量 8家 9家 10家以上 计划标准
"""


def test_department_table_without_goal_headers(tmp_path):
    """A 表11 that titles its tables like a project table (no "长期目标 N" headers) is still read."""
    recs, _ = extract_document(_write(tmp_path, "dept.txt", DEPT_TITLED))
    rows = [(r["scope"], r["horizon"], r["name"], r["prev2"], r["prev1"], r["target"], r["basis"]) for r in recs if r["type"] == "indicator"]
    assert rows == [
        ("department", "long_term", "走访企业数量", None, None, "10家以上", "计划标准"),
        ("department", "long_term", "企业满意度", None, None, "≥90%", "行业标准"),
        ("department", "annual", "走访企业数量", "8家", "9家", "10家以上", "计划标准"),
    ]
    assert {r["department_name"] for r in recs} == {"测试局"}


def test_department_table_found_by_its_header_rows(tmp_path):
    text = DEPT_TITLED.replace("长期绩效目标表\n", "长期目标\n").replace("年度绩效目标表\n", "年度绩效指标\n")
    recs, _ = extract_document(_write(tmp_path, "dept2.txt", text))
    rows = [(r["horizon"], r["name"], r["target"]) for r in recs if r["type"] == "indicator"]
    assert rows == [("long_term", "走访企业数量", "10家以上"), ("long_term", "企业满意度", "≥90%"),
                    ("annual", "走访企业数量", "10家以上")]


def _columns(*cells: str, at=(0, 16, 27, 38, 61, 75)) -> str:
    """A line with each cell starting at a fixed character column, as pdftotext -layout prints a table."""
    line = ""
    for col, c in zip(at, cells):
        if c:
            line = line.ljust(col) + c
    return line


LAYOUT = HEAD + "\n".join([
    "项目名称 测试系统运维", "项目主管部门 测试局", "长期绩效目标表",
    _columns("目标名称", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"),
    _columns("长期绩效目标1", "产出指标", "数量指标", "实现路灯全域覆盖", "≥ 450 个", "计划标准"),
    _columns("", "", "", "点位数"),
    _columns("", "", "质量指标", "备份存储总容量达", "4G", "计划标准"),
    _columns("", "效益指标", "经济效益", "相较于各街道分散采", "≥ 200", "计划标准"),
    _columns("", "", "指标", "购监控设备", "万"),
]) + "\n"


def test_plain_reader_column_aligned(tmp_path):
    """pdftotext -layout style: a wrapped cell prints its next line under its first, after the row's values."""
    rows = _rows(extract_document(_write(tmp_path, "layout.txt", LAYOUT))[0])
    assert rows[("long_term", "实现路灯全域覆盖点位数")]["target"] == "≥450个"
    assert rows[("long_term", "备份存储总容量达")]["level2"] == "质量指标"
    r = rows[("long_term", "相较于各街道分散采购监控设备")]
    assert (r["level1"], r["level2"], r["target"], r["basis"]) == ("效益指标", "经济效益指标", "≥200万", "计划标准")


def test_plain_broken_text_is_read_into_a_grid(tmp_path):
    """The broken-text layout ends in the same grid as every other reader: a title per block, the form
    as label | value rows, the goal list, and per table a header row and a row of cells per indicator,
    each row with the line it was read from."""
    from extractors.grid import Table, Text
    from extractors.read_broken import read_text as read_broken

    grid = read_broken(PLAIN, "plain.txt")
    texts = [it.text for it in grid.items if isinstance(it, Text)]
    assert texts[:3] == ["表12 项目支出绩效目标表", "单位：万元", "长期绩效目标表1"]
    tables = [it for it in grid.items if isinstance(it, Table)]
    form = {c.row: [] for c in tables[0].cells}
    for c in tables[0].cells:
        form[c.row].append(c.text)
    assert form[0] == ["项目名称", "测试系统运维"] and ["起始年度", "2025"] in form.values()
    goals = sorted((c.row, c.col, c.text) for c in tables[1].cells)
    assert goals[0] == (0, 0, "项目绩效总目标") and (1, 0, "长期绩效目标1") in goals
    body = tables[2]
    head = [c.text for c in sorted(body.cells, key=lambda c: c.col) if c.row == 0]
    assert head == ["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "读法"]
    first = {c.col: c.text for c in body.cells if c.row == 1}
    assert (first[3], first[4], first[5]) == ("巡检报告篇数", "≥12篇", "计划标准")
    lines = PLAIN.split("\n")
    assert "巡检报告篇数" in lines[body.row_sources[1].line - 1]


def test_a_project_form_without_tables_is_reported(tmp_path):
    text = PLAIN[:PLAIN.index("长期绩效目标表")] + "\n表 13.测试局 2025 年部门预算其他表\n"
    recs, problems = extract_document(_write(tmp_path, "cut.txt", text))
    assert [r["project"] for r in recs if r["type"] == "project"] == ["测试系统运维"]
    assert any(p.code == "project-without-table" and "没有长期/年度绩效目标表" in p.message and "cut.txt:" in p.where for p in problems)


def test_a_library_warning_is_the_file_warning_once_with_its_count(capsys):
    import logging

    from extractors.library_logs import library_warnings

    with library_warnings("x.pdf") as found:
        for _ in range(3):
            logging.getLogger("pdfminer.pdffont").warning("Could not get FontBBox from font descriptor")
        logging.getLogger("pdfminer.converter").warning("another thing")
    assert [(p.severity, p.where, p.message) for p in found] == [
        ("warning", "x.pdf", "程序库提示 pdfminer: Could not get FontBBox from font descriptor（共 3 次）"),
        ("warning", "x.pdf", "程序库提示 pdfminer: another thing")]
    assert capsys.readouterr().err == ""  # not printed by logging's last resort
    assert logging.getLogger("pdfminer").propagate  # the library's logging as it was afterwards
