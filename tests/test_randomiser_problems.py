"""The randomiser's runner counts pikg's warnings and errors per document and per producer."""
from __future__ import annotations

import collections

from benchmarks.templates.problems import problems_by_doc, problems_table, short

STDERR = "\n".join([
    "警告：/o/docs/r9_001_caption_xlsx.xlsx [表11]!A8：年度绩效目标表只印出表头，没有指标行：该期限没有绩效指标 [table-header-only]",
    "警告：/o/docs/r9_001_caption_xlsx.xlsx [表12]!A3：年度绩效目标表只印出表头，没有指标行：该期限没有绩效指标 [table-header-only]",
    "错误：/o/docs/r9_002_caption_pdf_ruled.pdf.layout.txt:42 (p.2)：“巡检次数”这一行没有指标值（文件被截断或已损坏） [row-without-value]",
    "警告：/o/docs/r9_002_caption_pdf_ruled.pdf p.3：第 12 行的年度绩效目标表未说明服务于该期限 2 个目标中的哪一个 [goal-undecided]",
    "错误：/o/docs/r9_003_csv.csv：未找到绩效目标表（表11 部门整体或表12 项目）",
    "警告：r9_003_csv：没有年份 [no-year]",
    "警告：/elsewhere/x.pdf p.1：某事 [other]",
    "pikg extract：已抽取 3/4 个文件，项目 3 个，目标 14 个，指标行 108 行；1 个失败",
])
DOCS = [("/o/docs/r9_001_caption_xlsx.xlsx", "r9_001_caption_xlsx"), ("/o/docs/r9_002_caption_pdf_ruled.pdf", "r9_002_caption_pdf_ruled"),
        ("/o/docs/r9_002_caption_pdf_ruled.pdf.layout.txt", "r9_002_caption_pdf_ruled.layout"), ("/o/docs/r9_003_csv.csv", "r9_003_csv")]


def test_each_message_is_counted_on_the_document_whose_path_or_stem_begins_it():
    by_doc, unplaced = problems_by_doc(STDERR, DOCS)
    assert by_doc["r9_001_caption_xlsx"] == collections.Counter({("warning", "table-header-only"): 2})
    # a conversion's path holds its PDF's path: the longest name that ends where the place goes on wins
    assert by_doc["r9_002_caption_pdf_ruled.layout"] == collections.Counter({("error", "row-without-value"): 1})
    assert by_doc["r9_002_caption_pdf_ruled"] == collections.Counter({("warning", "goal-undecided"): 1})
    assert by_doc["r9_003_csv"] == collections.Counter({("error", "failed"): 1, ("warning", "no-year"): 1})
    assert unplaced == collections.Counter({("warning", "other"): 1})
    assert short(by_doc["r9_003_csv"]) == "错误 failed×1, 警告 no-year×1"


def test_the_table_gives_warnings_errors_and_documents_per_producer_and_code():
    groups = {"xlsx": collections.Counter({("warning", "table-header-only"): 3}),
              "pdf_ruled": collections.Counter({("error", "row-without-value"): 2, ("warning", "row-without-value"): 1})}
    docs = collections.Counter({("xlsx", "table-header-only"): 2, ("pdf_ruled", "row-without-value"): 1})
    lines = problems_table(groups, docs).splitlines()
    assert [ln.split() for ln in lines[1:]] == [["pdf_ruled", "row-without-value", "1", "2", "1"],
                                                ["xlsx", "table-header-only", "3", "0", "2"]]
    assert problems_table({}, collections.Counter()).splitlines()[1] == "(no warning or error on any document)"
