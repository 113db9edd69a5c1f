"""The synthetic corpus generator (benchmarks/synth_corpus.py): seeded, varied like real documents, and
read back by pikg exactly as generated."""
import collections
import json

from benchmarks import synth_corpus
from extractors import extract_document


def _gold(folder):
    out = collections.defaultdict(list)
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        out[g["doc"]].append(g)
    return out


def test_generated_documents_are_read_back_exactly(tmp_path):
    counts = synth_corpus.generate(tmp_path, districts=1, years=2, departments=3, seed=7)
    assert counts["documents"] == 6
    gold = _gold(tmp_path)
    for p in sorted(tmp_path.glob("*.md")):
        recs, problems = extract_document(p)
        got = collections.Counter((r["project"], r["horizon"], r["level1"], r["level2"], r["name"], r["target"], r.get("prev1"), r["basis"])
                                  for r in recs if r["type"] == "indicator")
        exp = collections.Counter((g["project"], g["horizon"], g["level1"], g["level2"], g["name"], g["target"], g["prev1"], g["basis"])
                                  for g in gold[p.stem])
        assert got == exp, p.name
        assert {r["fiscal_year"] for r in recs if r["type"] == "indicator"} == {int(p.stem[-4:])}


def test_the_same_seed_gives_the_same_corpus_and_another_seed_another(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder, seed in ((a, 3), (b, 3), (c, 4)):
        synth_corpus.generate(folder, districts=1, years=1, departments=2, seed=seed)
    assert (a / "gold.jsonl").read_bytes() == (b / "gold.jsonl").read_bytes()
    assert (a / "gold.jsonl").read_bytes() != (c / "gold.jsonl").read_bytes()


def test_copies_vary_and_years_carry_targets_forward(tmp_path):
    synth_corpus.generate(tmp_path, districts=3, years=2, departments=6, seed=1)
    rows = [g for docs in _gold(tmp_path).values() for g in docs]
    catalogue = {r.name for t in synth_corpus.real_catalogue() for r in t.rows}
    names = {g["name"] for g in rows}
    assert names & catalogue and names - catalogue  # drawn from the real catalogue, and varied
    annual = [g for g in rows if g["horizon"] == "annual" and g["doc"].endswith("2025")]
    with_prev = [g for g in annual if g["prev1"]]
    assert len(with_prev) > len(annual) / 2  # last year's target printed as 上年
    assert any(g["prev1"] != g["target"] for g in with_prev) and any(g["prev1"] == g["target"] for g in with_prev)


def test_variation_rules():
    import random

    rng = random.Random(0)
    assert synth_corpus.vary_value("达标", rng) == "达标"
    values = {synth_corpus.vary_value("≥95%", rng) for _ in range(200)}
    assert all(float(v.strip("≥%")) <= 100 for v in values) and len(values) > 3
    assert synth_corpus.vary_value("12份", random.Random(1), drift=0.1) in ("13份", "13册")
    names = {synth_corpus.vary_name("群众满意度", random.Random(k), rate=1.0) for k in range(50)}
    assert "群众满意率" in names  # a synonym
    assert "满意率（群众）" in names  # a reordering
    assert any("律" in n for n in names)  # a typo


def test_a_last_project_without_satisfaction_rows_is_not_taken_for_a_cut_short_file(tmp_path):
    """Its 长期 table has no 满意度指标 either: the project has none, the file is whole."""
    Row, Project = synth_corpus.Row, synth_corpus.Project
    full = [Row("产出指标", "数量指标", "检查次数", "≥5次", "计划标准"), Row("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "计划标准")]
    bare = [Row("产出指标", "数量指标", "培训人数", "≥50人", "计划标准"), Row("效益指标", "社会效益指标", "服务质量", "提升", "计划标准")]
    projects = [Project("甲项目", "目标甲", full, 1000), Project("乙项目", "目标乙", full, 1000), Project("丙项目", "目标丙", bare, 1000)]
    path = tmp_path / "doc.md"
    synth_corpus.write_document(path, "某区", "某局", 2026, projects)
    records, problems = extract_document(path)
    assert not [p for p in problems if p.code == "file-cut-short"]
    assert len([r for r in records if r["type"] == "indicator"]) == 12
    other = [Project("丙项目", "目标丙", full, 1000), Project("丁项目", "目标丁", full, 1000)]
    synth_corpus.write_document(path, "某区", "某局", 2026, other)
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text.rsplit("\n", 1)[0] + "\n", encoding="utf-8")  # the last 年度 table loses its 满意度 row
    assert [p for p in extract_document(path)[1] if p.code == "file-cut-short"]
