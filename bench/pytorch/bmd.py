#!/usr/bin/env python3
"""PyTorch side of netgeom's BMD benchmark: Monte Carlo boolean mean dimension of an MLP.

The obvious implementation: for each batch of points x (uniform +-1), build the points and all
their single-coordinate flips as one matrix, run the model, accumulate in float64
  Var = sample variance of f(x) summed over outputs, Inf_i = E[(f(x) - f(x^(i)))^2] / 4,
BMD = sum_i Inf_i / Var. Flips/s = points * d / seconds (whole estimate, synchronized).

    python3 bench/pytorch/bmd.py --model 784-256-10 --samples 1000 --rows-per-call 8192
"""
import argparse
import json
import time

import torch


def mlp(widths):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def estimate(model, d, samples, rows_per_call, device):
    points_per_call = max(1, rows_per_call // (d + 1))
    eye = torch.eye(d, device=device)
    flip = 1 - 2 * eye                                           # row i negates coordinate i
    outputs_sum = outputs_sq = influence = None
    done = 0
    with torch.no_grad():
        while done < samples:
            p = min(points_per_call, samples - done)
            x = torch.randint(0, 2, (p, d), device=device, dtype=torch.float32) * 2 - 1
            flipped = x[:, None, :] * flip[None, :, :]            # p x d x d
            batch = torch.cat([x[:, None, :], flipped], dim=1).reshape(p * (d + 1), d)
            f = model(batch).reshape(p, d + 1, -1).double()
            base, moved = f[:, 0, :], f[:, 1:, :]
            diff = ((base[:, None, :] - moved) ** 2).sum(dim=2) / 4  # p x d
            s, sq, inf = base.sum(0), (base ** 2).sum(0), diff.sum(0)
            outputs_sum = s if outputs_sum is None else outputs_sum + s
            outputs_sq = sq if outputs_sq is None else outputs_sq + sq
            influence = inf if influence is None else influence + inf
            done += p
    mean = outputs_sum / samples
    variance = ((outputs_sq - samples * mean ** 2) / (samples - 1)).sum()
    total_influence = (influence / samples).sum()
    return (total_influence / variance).item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="784-256-10")
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--rows-per-call", type=int, default=8192)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--device", default="cuda")
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    widths = [int(w) for w in args.model.split("-")]
    device = torch.device(args.device)
    torch.manual_seed(1)
    model = mlp(widths).to(device)
    estimate(model, widths[0], min(args.samples, 50), args.rows_per_call, device)  # warm-up
    for rep in range(args.repetitions):
        if device.type == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        bmd = estimate(model, widths[0], args.samples, args.rows_per_call, device)
        seconds = time.perf_counter() - start
        print(json.dumps({"framework": "pytorch", "model": args.model, "samples": args.samples, "bmd": bmd,
                          "seconds": seconds, "flips_per_second": args.samples * widths[0] / seconds}), flush=True)


if __name__ == "__main__":
    main()
