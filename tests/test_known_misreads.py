"""Readings that today's rules turn wrong or drop, on small cases written here (strict xfail: each one fails
the run once its rule is fixed, so that the marker is taken off with the fix)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from extractors.ocr import ocr_available
from extractors.ocr.restamped import Read, commas_back, short_restamped


@pytest.mark.xfail(strict=True, reason="read_scan._DASH_FOR_ONE: every lone — between Chinese characters becomes 一")
def test_a_dash_printed_between_two_names_stays_a_dash():
    from extractors.read_scan import _dash_misreads

    words = [SimpleNamespace(text="中国—东盟博览会参展补助", mended=None)]
    _dash_misreads(words)
    assert words[0].text == "中国—东盟博览会参展补助" and words[0].mended is None


@pytest.mark.xfail(strict=True, reason="restamped.commas_back: a 、 read under a seal is put into the clean reading")
def test_a_comma_read_only_under_a_seal_is_not_put_into_the_clean_reading():
    reads = [Read("道路桥梁维修养护经费", 0.99, False), Read("道路、桥梁维修养护经费", 0.95, True)]
    assert 0 not in commas_back(reads)


@pytest.mark.xfail(strict=True, reason="restamped.short_restamped: a short value printed once, under a seal, is "
                                       "taken for a value printed often one character off when that character's "
                                       "probability is below 0.9, whatever the recogniser's runner-up was")
def test_a_short_value_printed_once_under_a_seal_is_not_made_the_common_one():
    reads = [Read("合格", 0.99, False)] * 3 + [Read("合规", 0.9, True, (0.99, 0.85))]
    assert short_restamped(reads) == {}


def _two_convs_sharing_weights(bias_computed: bool):
    """Two 1×1 Convs sharing one weight and bias, each followed (or, with ``bias_computed``, the first preceded by a
    scalar Mul and Add and its bias an Add's output) by its own scale and shift."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(1)

    def const(name, value):
        return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(np.asarray(value, np.float32), name))

    nodes = [const("W", rng.normal(size=(2, 2, 1, 1))), const("B", rng.normal(size=2)), const("one", np.ones(2)),
             const("a1", [2.0]), const("b1", [1.0]), const("a2", [-3.0]), const("b2", [0.5])]
    if bias_computed:
        nodes += [helper.make_node("Add", ["B", "one"], ["Bc"]), helper.make_node("Mul", ["x", "a1"], ["m"]),
                  helper.make_node("Add", ["m", "b1"], ["s"]),
                  helper.make_node("Conv", ["s", "W", "Bc"], ["y1"], kernel_shape=[1, 1]),
                  helper.make_node("Conv", ["x", "W", "B"], ["y2"], kernel_shape=[1, 1])]
    else:
        nodes += [helper.make_node("Conv", ["x", "W", "B"], ["c1"], kernel_shape=[1, 1]),
                  helper.make_node("Mul", ["c1", "a1"], ["m1"]), helper.make_node("Add", ["m1", "b1"], ["y1"]),
                  helper.make_node("Conv", ["x", "W", "B"], ["c2"], kernel_shape=[1, 1]),
                  helper.make_node("Mul", ["c2", "a2"], ["m2"]), helper.make_node("Add", ["m2", "b2"], ["y2"])]
    out = [helper.make_tensor_value_info(n, TensorProto.FLOAT, None) for n in ("y1", "y2")]
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 3, 3])], out)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)])


@pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed (pip install -e '.[ocr]')")
@pytest.mark.xfail(strict=True, reason="ocr.model: folded weights are named after the shared initialiser (W.scaled), "
                                       "so the second Conv's overwrite the first's; a computed bias raises KeyError")
@pytest.mark.parametrize("bias_computed", [False, True])
def test_a_model_whose_convs_share_weights_computes_the_same_after_folding(bias_computed: bool):
    import numpy as np
    import onnxruntime as ort

    from extractors.ocr.model import lean_model

    def run(model, x):
        session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        return session.run(None, {"x": x})

    x = np.random.default_rng(2).normal(size=(1, 2, 3, 3)).astype(np.float32)
    want = run(_two_convs_sharing_weights(bias_computed), x)
    got = run(lean_model(_two_convs_sharing_weights(bias_computed)), x)
    assert all(np.allclose(a, b, atol=1e-4) for a, b in zip(want, got))
