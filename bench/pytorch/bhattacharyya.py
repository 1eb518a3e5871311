#!/usr/bin/env python3
"""PyTorch side of netgeom's Bhattacharyya distance benchmark, on the GPU:
d(u, v) = -(1/N) sum_n log(max(sum_c sqrt(P_un P_vn), 1e-12)) for every pair of K prediction sets
P [K, N, C]. The obvious implementation: sqrt once, then for chunks of samples a batched GEMM
[chunk, K, C] x [chunk, C, K], clamp, log, and a float64 sum over samples.

    python3 bench/pytorch/bhattacharyya.py --predictions P.npy [--compare D.npy]
"""
import argparse
import json
import time

import numpy as np
import torch


def distances(p, chunk):
    k, n, c = p.shape
    roots = torch.sqrt(p).permute(1, 0, 2).contiguous()   # [N, K, C]
    total = torch.zeros(k, k, dtype=torch.float64, device=p.device)
    for start in range(0, n, chunk):
        block = roots[start:start + chunk]
        coefficients = torch.bmm(block, block.transpose(1, 2)).clamp_min_(1e-12)
        total += torch.log(coefficients).sum(dim=0, dtype=torch.float64)
    return -total / n


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--predictions", required=True)
    parser.add_argument("--compare")
    parser.add_argument("--chunk", type=int, default=64)
    parser.add_argument("--repetitions", type=int, default=2)
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    host = np.array(np.load(args.predictions, mmap_mode="r"))
    p = torch.from_numpy(host).cuda()
    distances(p[:, :64], args.chunk)  # warm-up
    for rep in range(args.repetitions):
        torch.cuda.synchronize()
        start = time.perf_counter()
        d = distances(p, args.chunk)
        torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        # As netgeom's `bench distance` times itself: from the array in host memory to the matrix in host memory.
        start = time.perf_counter()
        from_host = distances(torch.from_numpy(host).cuda(), args.chunk).cpu()
        seconds_from_host = time.perf_counter() - start
        del from_host
        line = {"framework": "pytorch", "points": p.shape[0], "samples": p.shape[1], "classes": p.shape[2], "seconds": seconds,
                "seconds_from_host": seconds_from_host}
        if args.compare:
            line["max_abs_difference"] = float(np.abs(np.load(args.compare) - d.cpu().numpy()).max())
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
