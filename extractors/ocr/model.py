"""The recogniser's ONNX model made cheaper to run, by algebra that keeps what it computes (up to float
rounding): PP-OCRv4's backbone (PPLCNetV3) follows each convolution with a learnable scale and shift and a
hard-swish written out as five elementwise operators (Mul, Add, Add, Clip, Mul, Div), each a pass over the
whole feature map, which ONNX Runtime neither folds nor fuses as exported. Here

1. a convolution followed by a scalar Mul and a scalar Add takes them into its weights and bias;
2. x · clip(x + 3, 0, 6) / 6 becomes x · HardSigmoid(x; 1/6, 1/2), which ONNX Runtime fuses into the
   convolution before it (its NCHWc convolution with a HardSwish activation);
3. a scalar Mul and Add in front of a 1×1 convolution without padding go into that convolution's weights
   and bias (W·(a·x + b) = (a·W)·x + b·ΣW);
4. a scalar Mul and Add left (in front of a padded depthwise convolution, whose zero border forbids folding
   the shift) on a convolution's output become a 1×1 depthwise convolution (weights a, bias b), which ONNX
   Runtime runs in its blocked layout: no reordering to NCHW and back around it.

The readings stay the same (the characters' probabilities move by float rounding: most by less than 1e-4, a
weak character's by up to ~3e-3 seen); a run costs about 30% less (benchmarks/ocr_benchmark.py).
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np


class _Graph:
    """The nodes of an ONNX graph with their constants (Constant nodes and initialisers) as arrays, and who
    produces and who consumes each value."""

    def __init__(self, graph) -> None:
        from onnx import numpy_helper

        self.const: dict[str, np.ndarray] = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
        self.nodes = []
        for n in graph.node:
            if n.op_type == "Constant" and [a.name for a in n.attribute] == ["value"]:
                self.const[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
            else:
                self.nodes.append(n)
        self.index()

    def index(self) -> None:
        self.prod = {o: n for n in self.nodes for o in n.output}
        self.cons: dict[str, list] = defaultdict(list)
        for n in self.nodes:
            for i in n.input:
                self.cons[i].append(n)

    def scalar(self, name: str) -> float | None:
        """The value of a one-element constant, or None."""
        v = self.const.get(name)
        return None if v is None or v.size != 1 else float(v.reshape(-1)[0])

    def only_user(self, name: str, op: str):
        """The one node using value `name`, when it is an `op`; else None."""
        users = self.cons.get(name, [])
        return users[0] if len(users) == 1 and users[0].op_type == op else None

    def scaled(self, mul, value: str) -> float | None:
        """The scalar a Mul node multiplies `value` by (None when the other input is no scalar constant)."""
        others = [i for i in mul.input if i != value]
        return self.scalar(others[0]) if len(others) == 1 else None

    def new_const(self, name: str, value: np.ndarray) -> str:
        """A new constant named after `name`, never over another (two convolutions may share a weight)."""
        while name in self.const:
            name += "_"
        self.const[name] = value.astype(np.float32)
        return name

    def remove(self, *nodes) -> None:
        for n in nodes:
            self.nodes.remove(n)
        self.index()


def _fold_affine_after_conv(g: _Graph) -> int:
    """Conv(W, B) → Mul(a) → Add(b) as Conv(a·W, a·B + b); how many were folded."""
    folded = 0
    for conv in [n for n in g.nodes if n.op_type == "Conv" and len(n.input) == 3]:
        mul = g.only_user(conv.output[0], "Mul")
        add = mul and g.only_user(mul.output[0], "Add")
        a = mul and g.scaled(mul, conv.output[0])
        b = add and g.scaled(add, mul.output[0])
        if add is None or a is None or b is None or not _constant_weights(g, conv):
            continue
        w, bias = g.const[conv.input[1]], g.const[conv.input[2]]
        conv.input[1] = g.new_const(conv.input[1] + ".scaled", w * np.float32(a))
        conv.input[2] = g.new_const(conv.input[2] + ".scaled", bias * np.float32(a) + np.float32(b))
        conv.output[0] = add.output[0]
        g.remove(mul, add)
        folded += 1
    return folded


def _hard_swishes(g: _Graph) -> int:
    """Div(Mul(x, Clip(Add(x, 3), 0, 6)), 6) as Mul(x, HardSigmoid(x, 1/6, 1/2)); how many were rewritten."""
    from onnx import helper

    done = 0
    for div in [n for n in g.nodes if n.op_type == "Div"]:
        mul = g.prod.get(div.input[0])
        if g.scalar(div.input[1]) != 6.0 or mul is None or mul.op_type != "Mul":
            continue
        clip = next((g.prod[i] for i in mul.input if i in g.prod and g.prod[i].op_type == "Clip"), None)
        if clip is None or len(clip.input) != 3 or (g.scalar(clip.input[1]), g.scalar(clip.input[2])) != (0.0, 6.0):
            continue
        x = [i for i in mul.input if i != clip.output[0]]
        add = g.prod.get(clip.input[0])
        if len(x) != 1 or add is None or add.op_type != "Add" or x[0] not in add.input or g.scaled(add, x[0]) != 3.0:
            continue
        if any(len(g.cons[n.output[0]]) != 1 for n in (add, clip, mul)):
            continue
        at = g.nodes.index(add)
        gate = helper.make_node("HardSigmoid", [x[0]], [div.output[0] + ".gate"], alpha=1 / 6, beta=0.5)
        times = helper.make_node("Mul", [x[0], gate.output[0]], [div.output[0]])
        g.nodes[at:at] = [gate, times]
        g.remove(add, clip, mul, div)
        done += 1
    return done


def _fold_affine_before_pointwise(g: _Graph) -> int:
    """Mul(a) → Add(b) → a 1×1 Conv(W, B) without padding as Conv(a·W, B + b·ΣW); how many were folded."""
    from onnx import helper

    folded = 0
    for conv in [n for n in g.nodes if n.op_type == "Conv" and len(n.input) == 3]:
        attrs = {a.name: helper.get_attribute_value(a) for a in conv.attribute}
        if list(attrs.get("kernel_shape", [])) != [1, 1] or any(attrs.get("pads", [])) or attrs.get("group", 1) != 1:
            continue
        add = g.prod.get(conv.input[0])
        if add is None or add.op_type != "Add" or len(g.cons[add.output[0]]) != 1:
            continue
        mul = next((g.prod[i] for i in add.input if i in g.prod and g.prod[i].op_type == "Mul"), None)
        if mul is None or len(g.cons[mul.output[0]]) != 1 or not _constant_weights(g, conv):
            continue
        b = g.scaled(add, mul.output[0])
        x = [i for i in mul.input if g.scalar(i) is None]
        a = g.scaled(mul, x[0]) if len(x) == 1 else None
        if a is None or b is None:
            continue
        w, bias = g.const[conv.input[1]], g.const[conv.input[2]]
        conv.input[0] = x[0]
        conv.input[1] = g.new_const(conv.input[1] + ".pre", w * np.float32(a))
        conv.input[2] = g.new_const(conv.input[2] + ".pre", bias + w.sum(axis=(1, 2, 3)) * np.float32(b))
        g.remove(mul, add)
        folded += 1
    return folded


_ELEMENTWISE = frozenset({"Mul", "Add", "HardSigmoid"})


def _conv_channels(g: _Graph, name: str) -> int | None:
    """The channels of value `name` where it is a Conv's output through elementwise steps only (None else)."""
    node = g.prod.get(name)
    while node is not None and node.op_type in _ELEMENTWISE:
        node = g.prod.get(node.input[0])
    if node is None or node.op_type != "Conv" or node.input[1] not in g.const:
        return None
    return int(g.const[node.input[1]].shape[0])


def _affine_as_depthwise(g: _Graph) -> int:
    """Mul(a) → Add(b) on a Conv's output as a 1×1 depthwise Conv (weights a, bias b); how many."""
    from onnx import helper

    done = 0
    for mul in [n for n in g.nodes if n.op_type == "Mul"]:
        x = [i for i in mul.input if g.scalar(i) is None]
        add = g.only_user(mul.output[0], "Add")
        if len(x) != 1 or add is None or (a := g.scaled(mul, x[0])) is None or (b := g.scaled(add, mul.output[0])) is None:
            continue
        channels = _conv_channels(g, x[0])
        if channels is None:
            continue
        w = g.new_const(mul.output[0] + ".dw", np.full((channels, 1, 1, 1), a, np.float32))
        bias = g.new_const(mul.output[0] + ".dw_bias", np.full(channels, b, np.float32))
        conv = helper.make_node("Conv", [x[0], w, bias], [add.output[0]], kernel_shape=[1, 1], group=channels)
        g.nodes.insert(g.nodes.index(mul), conv)
        g.remove(mul, add)
        done += 1
    return done


def _constant_weights(g: _Graph, conv) -> bool:
    """True when the convolution's weight and bias are both constants (a computed or missing bias is left alone)."""
    return len(conv.input) == 3 and conv.input[1] in g.const and conv.input[2] in g.const


def lean_model(model):
    """The ONNX model (an onnx.ModelProto, changed in place and returned) with the folds above; its
    constants become initialisers."""
    from onnx import numpy_helper

    g = _Graph(model.graph)
    _fold_affine_after_conv(g)
    _hard_swishes(g)
    _fold_affine_before_pointwise(g)
    _affine_as_depthwise(g)
    used = {i for n in g.nodes for i in n.input}
    del model.graph.node[:]
    model.graph.node.extend(g.nodes)
    del model.graph.initializer[:]
    model.graph.initializer.extend(numpy_helper.from_array(v, k) for k, v in g.const.items() if k in used)
    return model
