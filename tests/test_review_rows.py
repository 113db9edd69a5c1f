"""What the desk and the opinion read of a document: rows as printed with their verdicts and findings, last
year's target through the project's lineage, and the opinion's summary with the decisions matched by key.
The rows checked here were read in the corpus files at the lines named."""
from __future__ import annotations

import pytest

from graph.build.builder import build
from graph.review.decisions import Decision, DecisionStore, FlagKey
from graph.review.opinion import ReviewError, review_opinion, select_documents, summary_lines
from graph.review.rows import document_rows, flag_keys, projects
from graph.store.oxigraph import OxigraphStore
from tests.helpers import CORPUS

pytestmark = pytest.mark.slow
LATER, EARLIER = "000_77c144ebf406e3b7", "002_1bcb5a5295d439b0"


@pytest.fixture(scope="module")
def st():
    store = OxigraphStore(None)
    assert not build([CORPUS / f"{LATER}.txt", CORPUS / f"{EARLIER}.txt"], target=store).failed
    return store


@pytest.fixture(scope="module")
def rows(st):
    return document_rows(st, LATER)


def test_rows_as_printed_with_their_flags(rows):
    by_line = {r.line: r for r in rows}
    # l.1294 "数量指标 工业增值 已完成 计划标准", in the department's own table: a quantity with no quantity
    r = by_line[1294]
    assert (r.scope, r.project, r.level2, r.name, r.target, r.basis) == ("department", "", "数量指标", "工业增值", "已完成", "计划标准")
    assert r.vague and r.reasons == ["qualitative"] and "数量" in r.advice
    assert [f.code for f in r.flags] == ["vague"] and r.flags[0].text == r.reason_labels[0]
    # l.1756 "数量指标 慰问金发放率 100%": no basis printed, a finding of low severity with its opinion
    r = by_line[1756]
    assert r.project == "文明创建党建、综治、档案、老干、工会等工作经费" and not r.vague
    [f] = r.flags
    assert (f.code, f.severity_label) == ("finding-no-basis", "低") and "慰问金发放率" in f.advice
    assert projects(rows)[0].title == "（部门整体）"
    assert r.key("finding-no-basis") == FlagKey(LATER, "project", r.project, "long_term", "1", "慰问金发放率", "finding-no-basis")


def test_a_row_printed_twice_in_one_goal_shares_its_key(rows):
    # l.3623 and l.3646: the long-term table of 政务网络与应用系统维护保障外包服务 prints "全年运维报告篇数 ≥12篇"
    # twice, both without a basis: one printed indicator of one goal, one decision
    a, b = (next(r for r in rows if r.line == n) for n in (3623, 3646))
    assert a.key("finding-no-basis") == b.key("finding-no-basis")
    assert len(flag_keys(rows)) == sum(len(r.flags) for r in rows) - 1


def test_last_year_target_through_lineage(rows):
    # 000 (2025) l.3316 通信链路租赁费 实现政务网全覆盖点位数 ≥500个 continues 002 (2024, 汉阳区大数据中心) whose
    # long-term table prints "实现政务网全覆盖 点位数 ≥ 450 个" at l.723
    r = next(r for r in rows if r.line == 3316)
    assert r.project == "通信链路租赁费" and r.horizon == "long_term"
    assert (r.earlier.target, r.earlier.year, r.earlier.document, r.earlier.line) == ("≥450个", 2024, EARLIER, 723)
    assert r.earlier.text == "≥450个（2024年「通信链路租赁费」第 723 行）"
    assert not any(x.earlier for x in rows if x.scope == "department")  # no lineage for the department's table


def test_the_opinion_matches_decisions_by_key_and_lists_the_others(st, rows, tmp_path):
    decisions = DecisionStore(tmp_path / "r.sqlite")
    with pytest.raises(Exception, match="没有审核意见文件"):
        review_opinion(st, LATER, decisions)
    vague = next(r for r in rows if r.line == 1294)
    decisions.put(Decision(vague.key("vague"), "accept", "请改为具体数量"))
    gone = FlagKey(LATER, "project", "已撤销的项目", "annual", "1", "培训人次", "vague")
    decisions.put(Decision(gone, "reject", "不适用"))
    decisions.put(Decision(FlagKey(EARLIER, "department", "", "annual", "1", "x", "vague"), "accept"))  # another document
    [op] = review_opinion(st, LATER, decisions)
    lines = [line for p in op.projects for line in p.lines]
    assert len(lines) == sum(len(r.flags) for r in rows)
    decided = [line for line in lines if line.decision]
    assert [(line.row.line, line.decision_label, line.comment) for line in decided] == [(1294, "采纳", "请改为具体数量")]
    assert [d.key for d in op.unmatched] == [gone]
    summary = dict(summary_lines(op))
    assert summary["指标值"] == f"{len(rows)} 个"
    assert summary["模糊指标值"].startswith(f"{sum(r.vague for r in rows)} 个")
    assert summary["审核结论"] == f"采纳 1 条，不采纳 0 条，未审核 {len(lines) - 1} 条"
    assert summary["未匹配的审核意见"] == "1 条"
    _files_list_the_unmatched(op, tmp_path)


def _files_list_the_unmatched(op, tmp_path) -> None:
    """Both files carry the unmatched decision with its label (and the xlsx its code in a column of its own)."""
    import docx
    import openpyxl

    from graph.review.opinion_files import opinion_docx, opinion_xlsx

    (tmp_path / "a.xlsx").write_bytes(opinion_xlsx([op]))
    (tmp_path / "a.docx").write_bytes(opinion_docx([op]))
    rows = list(openpyxl.load_workbook(tmp_path / "a.xlsx")["未匹配的审核意见"].iter_rows(values_only=True))
    assert rows[1][:9] == (LATER, "已撤销的项目", "年度", "1", "培训人次", "目标模糊", "vague", "不采纳", "不适用")
    last = docx.Document(str(tmp_path / "a.docx")).tables[-1]
    assert [c.text for c in last.rows[1].cells][:5] == ["已撤销的项目", "培训人次", "目标模糊", "不采纳", "不适用"]


def test_documents_by_stem_or_department(st):
    assert [d.id for d in select_documents(st, EARLIER)] == [EARLIER]
    assert [d.id for d in select_documents(st, "汉阳区大数据中心")] == [EARLIER]
    assert len(select_documents(st, None)) == 2
    with pytest.raises(ReviewError, match="没有文件或部门「武昌」"):
        select_documents(st, "武昌")
