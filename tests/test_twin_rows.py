"""Rows mended by the same indicator in another table of the block (twin_rows.py), on records written here."""
from __future__ import annotations

from extractors.twin_rows import fill_lost_bases, join_name_tails


def row(name: str, horizon: str = "long_term", basis: str | None = "计划标准", project: str | None = "网络运维",
        scope: str = "project", prev2: str | None = None, prev1: str | None = None, target: str | None = "100%") -> dict:
    return {"type": "indicator", "scope": scope, "project": project, "project_line": 10 if project else None,
            "horizon": horizon, "goal": 1, "name": name, "prev2": prev2, "prev1": prev1, "target": target, "basis": basis}


def test_a_lost_basis_is_taken_from_the_same_row_of_the_other_table():
    lt = [row("巡检次数"), row("故障修复时间", basis=None), row("用户满意度", basis="行业标准")]
    annual = [row("巡检次数", "annual"), row("故障修复时间", "annual", basis="历史标准"), row("用户满意度", "annual")]
    fill_lost_bases(lt + annual)
    assert lt[1]["basis"] == "历史标准" and "本项目" in lt[1]["notes"][0]


def test_the_document_is_asked_when_the_block_has_no_twin_and_disagreement_keeps_the_gap():
    lt = [row("巡检次数"), row("故障修复时间", basis=None), row("用户满意度")]
    dept = [row("故障修复时间", project=None, scope="department", basis="计划标准")]
    fill_lost_bases(lt + dept)
    assert lt[1]["basis"] == "计划标准" and "本文件" in lt[1]["notes"][0]
    lt = [row("巡检次数"), row("故障修复时间", basis=None), row("用户满意度")]
    twins = [row("故障修复时间", "annual", basis="计划标准"), row("故障修复时间", "annual", basis="历史标准")]
    twins[1]["goal"] = 2
    fill_lost_bases(lt + twins)
    assert lt[1]["basis"] is None


def test_a_table_with_more_than_one_row_without_basis_is_left_as_printed():
    lt = [row("巡检次数", basis=None), row("故障修复时间", basis=None), row("用户满意度")]
    annual = [row("巡检次数", "annual"), row("故障修复时间", "annual")]
    fill_lost_bases(lt + annual)
    assert [r["basis"] for r in lt] == [None, None, "计划标准"]


def test_a_name_tail_read_as_a_value_goes_back_to_the_name():
    lt = [row("处置完结即为满意度100%")]
    annual = [row("处置完结即为满意度", "annual", prev1="100%", target="100%")]
    join_name_tails(lt + annual)
    r = annual[0]
    assert (r["name"], r["prev1"], r["target"], r["prev1_value"]) == ("处置完结即为满意度100%", None, "100%", None) and r["notes"]


def test_a_name_whose_value_only_resembles_a_twin_keeps_its_values():
    lt = [row("故障次数≤5次")]
    annual = [row("故障次数", "annual", target="≤5次"), row("用户满意度", "annual", prev1="90%", target="95%")]
    join_name_tails(lt + annual)
    assert (annual[0]["name"], annual[0]["target"]) == ("故障次数", "≤5次")  # its only value stays
    assert annual[1]["name"] == "用户满意度"


def test_a_twin_name_in_the_same_table_is_not_taken_for_the_name_tail():
    table = [row("处置即为满意度", prev1="100%", target="100%"), row("处置即为满意度100%")]
    join_name_tails(table)
    assert (table[0]["name"], table[0]["prev1"]) == ("处置即为满意度", "100%")
