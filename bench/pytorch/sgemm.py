#!/usr/bin/env python3
"""torch.matmul float32 GEMM throughput (TF32 off), the anchor for netgeom's SGEMM benchmark.

Timed as netgeom times itself: host clock around one product and a device synchronize (the
latency of one call), CUDA events around one product, and "queued": events around 50 products
issued back to back (the throughput of a stream of products, where the host's launch cost
overlaps the device's work), the median of 10 such rounds.

    python3 bench/pytorch/sgemm.py --sizes 1024,4096
"""
import argparse
import json
import time

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
        host_ms, event_ms = [], []
        for r in range(args.repeats):
            a, b = sets[r % len(sets)]
            torch.cuda.synchronize()
            started = time.perf_counter()
            torch.matmul(a, b, out=out)
            torch.cuda.synchronize()
            host_ms.append((time.perf_counter() - started) * 1e3)
        for r in range(args.repeats):
            a, b = sets[r % len(sets)]
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            torch.matmul(a, b, out=out)
            end.record()
            end.synchronize()
            event_ms.append(start.elapsed_time(end))
        queued_ms = []
        for _ in range(10):
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            for r in range(50):
                a, b = sets[r % len(sets)]
                torch.matmul(a, b, out=out)
            end.record()
            end.synchronize()
            queued_ms.append(start.elapsed_time(end) / 50)
        host, event = sorted(host_ms)[len(host_ms) // 2], sorted(event_ms)[len(event_ms) // 2]
        queued = sorted(queued_ms)[len(queued_ms) // 2]
        print(json.dumps({"framework": "pytorch", "size": size, "median_ms_host_clock": host,
                          "tflops": 2 * size ** 3 / (host / 1e3) / 1e12, "median_ms_events": event,
                          "tflops_events": 2 * size ** 3 / (event / 1e3) / 1e12, "median_ms_queued": queued,
                          "tflops_queued": 2 * size ** 3 / (queued / 1e3) / 1e12,
                          "device_name": torch.cuda.get_device_name()}), flush=True)


if __name__ == "__main__":
    main()
