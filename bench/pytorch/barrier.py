#!/usr/bin/env python3
"""PyTorch side of netgeom's barrier benchmark: the loss/error curve along the straight line
between two MLPs (21 points, one pass over the data per point, data resident on the device),
and weight matching of the hidden units (scipy's linear_sum_assignment, as in Git Re-Basin).

Models are netgeom model.safetensors files (parsed with json + numpy, no extra package); data
are random inputs with the models' shape and random labels unless --inputs/--labels are given.

    python3 bench/pytorch/barrier.py A.safetensors B.safetensors --rows 10000 --points 21
"""
import argparse
import json
import struct
import time

import numpy as np
import torch


def read(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    header.pop("__metadata__", None)
    return {k: torch.from_numpy(np.frombuffer(data[v["data_offsets"][0]:v["data_offsets"][1]], dtype="<f4")
                                .reshape(v["shape"]).copy()) for k, v in header.items()}


def forward(params, x, layers):
    for i in range(layers):
        x = x @ params[f"layers.{i}.weight"].T + params[f"layers.{i}.bias"]
        if i < layers - 1:
            x = torch.relu(x)
    return x


def curve(a, b, x, y, layers, points):
    losses, errors = [], []
    with torch.no_grad():
        for t in np.linspace(0, 1, points):
            p = {k: (1 - t) * a[k] + t * b[k] for k in a}
            out = forward(p, x, layers)
            losses.append(torch.nn.functional.cross_entropy(out, y).item())
            errors.append((out.argmax(1) != y).float().mean().item())
    return losses, errors


def weight_matching(a, b, layers, rounds=20):
    from scipy.optimize import linear_sum_assignment
    perms = [np.arange(a[f"layers.{i}.weight"].shape[0]) for i in range(layers - 1)]
    for _ in range(rounds):
        changed = False
        for i in range(layers - 1):
            # similarity of unit j of a and unit k of b: incoming weights and bias, and outgoing weights
            wa, wb = a[f"layers.{i}.weight"].double(), b[f"layers.{i}.weight"].double()
            if i > 0:
                wb = wb[:, perms[i - 1]]
            sim = wa @ wb.T + torch.outer(a[f"layers.{i}.bias"].double(), b[f"layers.{i}.bias"].double())
            sim += a[f"layers.{i + 1}.weight"].double().T @ (
                b[f"layers.{i + 1}.weight"].double()[:, perms[i + 1]] if i + 1 < layers - 1 else b[f"layers.{i + 1}.weight"].double())
            _, col = linear_sum_assignment(sim.cpu().numpy(), maximize=True)
            if not np.array_equal(col, perms[i]):
                perms[i], changed = col, True
        if not changed:
            break
    return perms


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--points", type=int, default=21)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    device = torch.device(args.device)
    a, b = read(args.a), read(args.b)
    layers = len([k for k in a if k.endswith(".weight")])
    x = torch.rand(args.rows, a["layers.0.weight"].shape[1], device=device)
    y = torch.randint(0, a[f"layers.{layers - 1}.weight"].shape[0], (args.rows,), device=device)
    a = {k: v.to(device) for k, v in a.items()}
    b = {k: v.to(device) for k, v in b.items()}
    curve(a, b, x, y, layers, 3)  # warm-up
    for rep in range(args.repetitions):
        start = time.perf_counter()
        curve(a, b, x, y, layers, args.points)
        curve_seconds = time.perf_counter() - start
        start = time.perf_counter()
        weight_matching(a, b, layers)
        align_seconds = time.perf_counter() - start
        print(json.dumps({"framework": "pytorch", "rows": args.rows, "points": args.points, "curve_seconds": curve_seconds,
                          "align_seconds": align_seconds}), flush=True)


if __name__ == "__main__":
    main()
