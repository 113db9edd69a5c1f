"""The recogniser's model with its scale and shift layers folded and its hard-swishes fused (ocr.model)
computes what the exported model does: on a small graph written here, and on the real model reading lines
drawn here."""
from __future__ import annotations

import numpy as np
import pytest

from extractors.ocr import ocr_available

needs_ocr = pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed (pip install -e '.[ocr]')")


def _block_model(dw_after: bool):
    """Conv(3×3, padded) → ·a + b → hard-swish written out as the exporter writes it → ·a2 + b2 → a 1×1 Conv,
    or (dw_after) a padded 3×3 Conv, whose zero border must keep the scale and shift in front of it."""
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(3)

    def const(name, value):
        return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(np.asarray(value, np.float32), name))

    nodes = [const("w1", rng.normal(size=(4, 2, 3, 3))), const("b1", rng.normal(size=4)),
             const("a", [0.7]), const("b", [-0.3]), const("three", [3.0]), const("zero", np.float32(0)),
             const("six_c", np.float32(6)), const("six", [6.0]), const("a2", [1.3]), const("b2", [0.4])]
    if dw_after:
        nodes += [const("w2", rng.normal(size=(4, 1, 3, 3))), const("b2c", rng.normal(size=4))]
        last = helper.make_node("Conv", ["s2", "w2", "b2c"], ["y"], kernel_shape=[3, 3], pads=[1, 1, 1, 1], group=4)
    else:
        nodes += [const("w2", rng.normal(size=(3, 4, 1, 1))), const("b2c", rng.normal(size=3))]
        last = helper.make_node("Conv", ["s2", "w2", "b2c"], ["y"], kernel_shape=[1, 1], pads=[0, 0, 0, 0])
    nodes += [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Mul", ["a", "c"], ["m"]), helper.make_node("Add", ["m", "b"], ["z"]),
        helper.make_node("Add", ["z", "three"], ["z3"]), helper.make_node("Clip", ["z3", "zero", "six_c"], ["cl"]),
        helper.make_node("Mul", ["z", "cl"], ["zc"]), helper.make_node("Div", ["zc", "six"], ["h"]),
        helper.make_node("Mul", ["a2", "h"], ["m2"]), helper.make_node("Add", ["m2", "b2"], ["s2"]), last]
    graph = helper.make_graph(nodes, "block", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 5, 7])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)])


def _run(model, x):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    return session.run(None, {model.graph.input[0].name: x})[0]


@needs_ocr
@pytest.mark.parametrize("dw_after", [False, True])
def test_the_lean_model_computes_what_the_exported_block_does(dw_after):
    from extractors.ocr.model import lean_model

    x = np.random.default_rng(5).normal(scale=3.0, size=(1, 2, 5, 7)).astype(np.float32)  # both sides of ±3
    want = _run(_block_model(dw_after), x)
    lean = lean_model(_block_model(dw_after))
    ops = [n.op_type for n in lean.graph.node]
    assert np.allclose(_run(lean, x), want, atol=1e-4)
    assert "Clip" not in ops and "Div" not in ops and ops.count("HardSigmoid") == 1
    # the scale and shift after the first Conv folded into it; those before the last Conv too where it is 1×1,
    # else (a padded 3×3 Conv) made a 1×1 depthwise Conv
    assert ops.count("Add") == 0 and ops.count("Mul") == 1 and ops.count("Conv") == (3 if dw_after else 2)


@needs_ocr
def test_the_lean_recogniser_reads_as_the_exported_model():
    """On lines of digits and Chinese drawn here, the lean model picks the same character in every frame and
    its probabilities differ by float rounding only."""
    from pathlib import Path

    import cv2
    import onnx
    import rapidocr_onnxruntime
    from PIL import Image, ImageDraw, ImageFont

    from extractors.ocr.model import lean_model

    fonts = [f for f in ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
             if Path(f).exists()]
    font = ImageFont.truetype(fonts[0], 32) if fonts else ImageFont.load_default()
    path = Path(rapidocr_onnxruntime.__file__).parent / "models" / "ch_PP-OCRv4_rec_infer.onnx"
    plain, lean = onnx.load(path), lean_model(onnx.load(path))
    swishes = sum(n.op_type == "Clip" for n in plain.graph.node)  # the backbone's hard-swishes, as exported
    gates = [n.op_type for n in plain.graph.node].count("HardSigmoid")  # the model's own (squeeze-excite)
    assert swishes > 0 and [n.op_type for n in lean.graph.node].count("HardSigmoid") == gates + swishes
    assert not any(n.op_type == "Clip" for n in lean.graph.node)
    for text in ("≥95%", "2024年项目资金到位率", "12.5万元"):
        img = Image.new("L", (40 + 34 * len(text), 48), 255)
        ImageDraw.Draw(img).text((8, 4), text, font=font, fill=0)
        line = np.asarray(img, dtype=np.float32) / 127.5 - 1.0
        x = np.repeat(cv2.resize(line, (line.shape[1], 48))[None, None], 3, axis=1)
        a, b = _run(plain, x), _run(lean, x)
        assert np.array_equal(a.argmax(-1), b.argmax(-1)) and np.abs(a - b).max() < 1e-3


def _two_convs_sharing_weights(bias_computed: bool):
    """Two 1×1 Convs sharing one weight and bias, each followed (or, with ``bias_computed``, the first preceded by a
    scalar Mul and Add and its bias an Add's output) by its own scale and shift."""
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


@needs_ocr
@pytest.mark.parametrize("bias_computed", [False, True])
def test_a_model_whose_convs_share_weights_computes_the_same_after_folding(bias_computed: bool):
    pytest.importorskip("onnx")
    import onnxruntime as ort

    from extractors.ocr.model import lean_model

    def run(model, x):
        session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        return session.run(None, {"x": x})

    x = np.random.default_rng(2).normal(size=(1, 2, 3, 3)).astype(np.float32)
    want = run(_two_convs_sharing_weights(bias_computed), x)
    got = run(lean_model(_two_convs_sharing_weights(bias_computed)), x)
    assert all(np.allclose(a, b, atol=1e-4) for a, b in zip(want, got))


@needs_ocr
def test_without_onnx_the_recogniser_runs_its_model_as_shipped(tmp_path, monkeypatch, caplog):
    import sys

    from extractors.ocr.recognize import _model_bytes

    shipped = tmp_path / "rec.onnx"
    shipped.write_bytes(b"model as shipped")
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx raises ImportError
    assert _model_bytes(shipped) == b"model as shipped"
    assert "未安装 onnx" in caplog.text


@needs_ocr
def test_a_model_the_folds_do_not_expect_runs_as_shipped(tmp_path, monkeypatch, caplog):
    pytest.importorskip("onnx")
    from extractors.ocr import model
    from extractors.ocr.recognize import _model_bytes

    shipped = tmp_path / "rec.onnx"
    shipped.write_bytes(b"not an onnx model the folds know")
    monkeypatch.setattr(model, "lean_model", lambda m: (_ for _ in ()).throw(ValueError("unexpected node")))
    monkeypatch.setattr("onnx.load", lambda p: object())
    assert _model_bytes(shipped) == b"not an onnx model the folds know"
    assert "未能精简" in caplog.text and "unexpected node" in caplog.text
