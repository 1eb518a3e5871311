#!/usr/bin/env python3
"""PyTorch side of netgeom's random-features ridge benchmark (p x p system when p <= n):
features phi = erf(X F^T / sqrt d) / sqrt p, Gram phi^T phi + lambda I and its Cholesky solve,
in float64 (netgeom's default --ridge-precision) or float32 features with a float64 solve.

    python3 bench/pytorch/ridge.py --features 4000 --samples 4000 --input-dim 100 --threads 2
"""
import argparse
import json
import time

import torch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=4000)
    parser.add_argument("--samples", type=int, default=4000)
    parser.add_argument("--input-dim", type=int, default=100)
    parser.add_argument("--lam", type=float, default=1e-6)
    parser.add_argument("--precision", default="float64", choices=["float64", "float32"])
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--repetitions", type=int, default=2)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    n, p, d = args.samples, args.features, args.input_dim
    x = torch.randn(n, d)
    f = torch.randn(p, d)
    y = torch.sign(x[:, :1])
    gram_type = torch.float64 if args.precision == "float64" else torch.float32
    for rep in range(args.repetitions):
        start = time.perf_counter()
        phi = torch.erf(x @ f.T / d ** 0.5) / p ** 0.5
        phi = phi.to(gram_type)
        gram = phi.T @ phi + args.lam * torch.eye(p, dtype=gram_type)
        factor = torch.linalg.cholesky(gram.double())
        readout = torch.cholesky_solve((phi.T @ y.to(gram_type)).double(), factor)
        seconds = time.perf_counter() - start
        print(json.dumps({"framework": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
                          "n": n, "p": p, "d": d, "precision": args.precision, "seconds": seconds,
                          "readout_norm": readout.norm().item()}), flush=True)


if __name__ == "__main__":
    main()
