"""The column reader's speed-ups give what the plain forms gave: columns by bisection, a line's cached
pieces forgotten when its text changes."""
from extractors.columns_header import header_pieces, is_header_line
from extractors.columns_lines import PageLine, line_chunks, line_words, set_raw
from extractors.columns_model import ColumnModel


def test_columns_of_is_column_of_for_boundaries_in_order_and_not():
    xs = [0, 3, 5, 6, 12, 13, 20, 21, 40]
    for bounds in ([5.5, 12.5, 20.0], [5.5, 12.5, 12.5, 20.0], [], [12.5, 5.5, 20.0], [20.0, 3.0]):
        model = ColumnModel(["一级指标", "二级指标", "三级指标", "指标值", "备注"][:len(bounds) + 1], bounds)
        assert model.columns_of(xs) == [model.column_of(x) for x in xs], bounds


def _line(raw: str) -> PageLine:
    return PageLine(1, 1, raw, line_words(raw))


def test_set_raw_forgets_what_was_read_of_the_old_text():
    ln = _line("一级指标  二级指标  三级指标  指标值")
    assert ln.chunks == ["一级指标", "二级指标", "三级指标", "指标值"]
    assert [p.text for p in header_pieces(ln)] == ["一级指标", "二级指标", "三级指标", "指标值"]
    assert is_header_line(ln)
    assert len(line_chunks(ln)) == 4
    set_raw(ln, "产出指标  数量指标  培训人次")
    assert ln.chunks == ["产出指标", "数量指标", "培训人次"]
    assert [p.text for p in header_pieces(ln)] == ["产出指标", "数量指标", "培训人次"]
    assert not is_header_line(ln)
    assert [(c.start, c.end) for c in line_chunks(ln)] == [(0, 4), (6, 10), (12, 16)]


def test_goal_label_and_number_are_one_word():
    assert [w.text for w in line_words("长期目标   10   完成建设")] == ["长期目标 10", "完成建设"]
