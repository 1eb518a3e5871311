#!/usr/bin/env python3
"""torch.matmul float32 GEMM throughput (TF32 off), the anchor for netgeom's SGEMM benchmark.

    python3 bench/pytorch/sgemm.py --sizes 1024,4096
"""
import argparse
import json

import torch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1024,4096")
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    for size in [int(s) for s in args.sizes.split(",")]:
        # Several operand sets so that repeated products do not measure a warm cache alone.
        sets = [(torch.randn(size, size, device="cuda"), torch.randn(size, size, device="cuda")) for _ in range(4)]
        out = torch.empty(size, size, device="cuda")
        for a, b in sets:
            torch.matmul(a, b, out=out)
        times = []
        for r in range(args.repeats):
            a, b = sets[r % len(sets)]
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            torch.matmul(a, b, out=out)
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end))
        times.sort()
        median = times[len(times) // 2]
        print(json.dumps({"framework": "pytorch", "size": size, "median_ms": median,
                          "tflops": 2 * size ** 3 / (median / 1e3) / 1e12,
                          "device_name": torch.cuda.get_device_name()}), flush=True)


if __name__ == "__main__":
    main()
