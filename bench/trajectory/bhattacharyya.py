#!/usr/bin/env python3
"""The Bhattacharyya distance matrix in numpy, the anchor for `netgeom distance` (docs/BENCHMARKS.md).

Same formula as netgeom (spec trajectory.md §2): d(u, v) = -(1/N) sum_n log(max(sum_c sqrt(P_u P_v), 1e-12)),
the inner sums in float32 (batched GEMM over samples), the sum over samples in float64.

    python3 bench/trajectory/bhattacharyya.py make --out P.npy --points 2000 --samples 10000 --classes 10
    python3 bench/trajectory/bhattacharyya.py distance --predictions P.npy [--compare D.npy]
"""
import argparse
import json
import time

import numpy as np

FLOOR = np.float32(1e-12)


def make(args):
    rng = np.random.default_rng(args.seed)
    out = np.lib.format.open_memmap(args.out, mode="w+", dtype=np.float32, shape=(args.points, args.samples, args.classes))
    for k in range(args.points):
        logits = rng.standard_normal((args.samples, args.classes), dtype=np.float32) * np.float32(3)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        out[k] = p / p.sum(axis=1, keepdims=True)
    out.flush()


def distances(p, chunk_bytes=1 << 28):
    k, n, _ = p.shape
    roots = np.sqrt(p, dtype=np.float32)
    total = np.zeros((k, k), dtype=np.float64)
    chunk = max(1, chunk_bytes // (4 * k * k))
    for n0 in range(0, n, chunk):
        block = np.ascontiguousarray(roots[:, n0:n0 + chunk, :].transpose(1, 0, 2))   # samples, K, C
        coefficients = block @ block.transpose(0, 2, 1)                                 # samples, K, K
        np.maximum(coefficients, FLOOR, out=coefficients)
        np.log(coefficients, out=coefficients)
        total += coefficients.sum(axis=0, dtype=np.float64)
    d = -total / n
    np.fill_diagonal(d, 0)
    return d


def distance(args):
    p = np.load(args.predictions, mmap_mode="r")
    p = np.asarray(p, dtype=np.float32)
    start = time.perf_counter()
    d = distances(p)
    seconds = time.perf_counter() - start
    result = {"points": p.shape[0], "samples": p.shape[1], "classes": p.shape[2], "seconds": seconds,
              "numpy": np.__version__}
    if args.compare:
        other = np.load(args.compare)
        result["max_abs_difference"] = float(np.abs(other - d).max())
        result["max_distance"] = float(d.max())
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    m = commands.add_parser("make", help="random softmax predictions [K, N, C] as float32 .npy")
    m.add_argument("--out", required=True)
    m.add_argument("--points", type=int, default=2000)
    m.add_argument("--samples", type=int, default=10000)
    m.add_argument("--classes", type=int, default=10)
    m.add_argument("--seed", type=int, default=1)
    d = commands.add_parser("distance", help="time the K x K matrix")
    d.add_argument("--predictions", required=True)
    d.add_argument("--compare", help="netgeom's D.npy: report the largest difference")
    args = parser.parse_args()
    make(args) if args.command == "make" else distance(args)


if __name__ == "__main__":
    main()
