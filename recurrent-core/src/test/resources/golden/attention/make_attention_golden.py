#!/usr/bin/env python3
"""Writes the attention golden cases (*.json beside this script).

An independent re-computation of Keras 3's Attention and AdditiveAttention
(keras/src/layers/attention/{attention,additive_attention}.py) in PyTorch,
float64: the layer's formulas written out again here, inference mode (no
dropout), and the gradients of L = sum(output * d_output) + sum(scores * d_scores)
by autograd. Inputs, weights and upstream gradients are
float32 values, so a float32 implementation reads exactly the numbers used here. Run: python3 make_attention_golden.py (needs torch).
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))


def scores_of(kind, mode, q, k, params):
    if kind == "AdditiveAttention":
        t = torch.tanh(q.unsqueeze(-2) + k.unsqueeze(-3))            # [B, Tq, Tv, D]
        scale = params.get("scale")
        return (t * scale).sum(-1) if scale is not None else t.sum(-1)
    if mode == "dot":
        s = q @ k.transpose(1, 2)
        return s * params["scale"] if "scale" in params else s
    u = q.unsqueeze(-2) + k.unsqueeze(-3)
    if "scale" in params:
        u = params["scale"] * u
    return params["concat_score_weight"] * torch.tanh(u).sum(-1)


def attend(kind, mode, causal, q, v, k, q_mask, v_mask, params):
    s = scores_of(kind, mode, q, k, params)
    tq, tv = s.shape[1], s.shape[2]
    allowed = torch.ones(s.shape, dtype=torch.bool)
    if v_mask is not None:
        allowed = allowed & v_mask.unsqueeze(1)
    if causal:
        allowed = allowed & (torch.arange(tq).unsqueeze(1) >= torch.arange(tv).unsqueeze(0))
    s = s - 1.0e9 * (~allowed).to(s.dtype)
    w = torch.softmax(s, dim=-1)
    out = w @ v
    if q_mask is not None:
        out = out * q_mask.unsqueeze(-1).to(out.dtype)
    return out, w


def f32(t):
    """The values float32 can hold, so that the Java side reads the very inputs used here."""
    return t.float().double()


def flat(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(x) for x in t.reshape(-1).tolist()]}


def flat_mask(m):
    return {"shape": list(m.shape), "data": [bool(x) for x in m.reshape(-1).tolist()]}


def case(name, kind, seed, batch, tq, tv, dim, value_dim=None, mode="dot", use_scale=False,
         with_key=False, causal=False, q_mask=None, v_mask=None, scale=None, concat_weight=None):
    g = torch.Generator().manual_seed(seed)
    value_dim = value_dim or dim
    q = f32(torch.randn(batch, tq, dim, generator=g)).requires_grad_()
    v = f32(torch.randn(batch, tv, value_dim, generator=g)).requires_grad_()
    k = f32(torch.randn(batch, tv, dim, generator=g)).requires_grad_() if with_key else None
    params = {}
    if use_scale:
        if kind == "AdditiveAttention":
            params["scale"] = f32(torch.rand(dim, generator=g) * 2 - 1).requires_grad_()
        else:
            params["scale"] = f32(torch.tensor(scale)).requires_grad_()
    if kind == "Attention" and mode == "concat":
        params["concat_score_weight"] = f32(torch.tensor(concat_weight)).requires_grad_()
    qm = torch.tensor(q_mask) if q_mask is not None else None
    vm = torch.tensor(v_mask) if v_mask is not None else None
    out, w = attend(kind, mode, causal, q, v, k if with_key else v, qm, vm, params)
    d_out = f32(torch.randn(out.shape, generator=g))
    d_scores = f32(torch.randn(w.shape, generator=g))
    loss = (out * d_out).sum() + (w * d_scores).sum()
    loss.backward()
    tensors = {"query": flat(q), "value": flat(v), "output": flat(out), "scores": flat(w),
               "d_output": flat(d_out), "d_scores": flat(d_scores),
               "grad_query": flat(q.grad), "grad_value": flat(v.grad)}
    if with_key:
        tensors["key"] = flat(k)
        tensors["grad_key"] = flat(k.grad)
    if qm is not None:
        tensors["query_mask"] = flat_mask(qm)
    if vm is not None:
        tensors["value_mask"] = flat_mask(vm)
    for p, t in params.items():
        tensors[p] = flat(t)
        tensors["grad_" + p] = flat(t.grad)
    config = {"use_scale": use_scale, "dropout": 0.0}
    if kind == "Attention":
        config["score_mode"] = mode
    doc = {"name": name, "layer": kind, "config": config, "use_causal_mask": causal,
           "batch": batch, "query_steps": tq, "value_steps": tv, "dim": dim, "value_dim": value_dim,
           "tensors": tensors}
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")


QM = [[True, True, False], [True, False, True]]
VM4 = [[True, True, True, False], [True, False, True, True]]

case("dot_plain", "Attention", 1, 2, 3, 4, 5)
case("dot_scale_key_masks", "Attention", 2, 2, 3, 4, 5, use_scale=True, scale=0.7, with_key=True,
     q_mask=QM, v_mask=VM4)
case("dot_causal_value_mask", "Attention", 3, 2, 4, 4, 3, use_scale=True, scale=1.3, v_mask=VM4, causal=True)
case("dot_value_dim_differs", "Attention", 4, 3, 2, 5, 4, value_dim=3, with_key=True)
case("concat_scale_key_masks_causal", "Attention", 5, 2, 3, 4, 5, mode="concat", use_scale=True, scale=1.4,
     concat_weight=0.8, with_key=True, q_mask=QM, v_mask=VM4, causal=True)
case("concat_no_scale", "Attention", 6, 2, 3, 4, 4, mode="concat", concat_weight=1.2)
case("additive_scale_key_masks", "AdditiveAttention", 7, 2, 3, 4, 5, use_scale=True, with_key=True,
     q_mask=QM, v_mask=VM4)
case("additive_no_scale_causal", "AdditiveAttention", 8, 2, 4, 4, 3, causal=True, v_mask=VM4)
case("additive_value_dim_differs", "AdditiveAttention", 9, 1, 5, 3, 6, value_dim=2, use_scale=True, with_key=True)
