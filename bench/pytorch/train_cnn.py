#!/usr/bin/env python3
"""PyTorch side of netgeom's training benchmark for convolutional networks: the same module
(built from the same spec by examples/python/netgeom_torch.py), Adam 1e-3, the same batch size.

Data stays on the device (as in netgeom); each epoch shuffles with torch.randperm and gathers
batches by index. Prints one JSON object per repetition:
{"framework": "pytorch", "samples_per_second": ..., ...}. On these CPU machines run it with
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, and try --threads 1 and 2.

    python3 bench/pytorch/train_cnn.py --model conv:32k3p1,relu,maxpool:2,flatten,linear:10 --input-shape 1x28x28
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, "examples", "python"))
import netgeom_torch  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="a netgeom network spec (layer list or named model)")
    parser.add_argument("--input-shape", default="1x28x28")
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--samples", type=int, default=60000, help="training rows (random data with the model's shape)")
    parser.add_argument("--steps", type=int, default=100, help="timed optimizer steps per repetition")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: leave as is)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    shape = tuple(int(v) for v in args.input_shape.split("x"))
    device = torch.device(args.device)
    torch.manual_seed(1)
    model = netgeom_torch.build_network(args.model, shape, args.classes).to(device).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    inputs = torch.rand((args.samples,) + shape, device=device)
    labels = torch.randint(0, args.classes, (args.samples,), device=device)

    def run(steps):
        done = 0
        while done < steps:
            order = torch.randperm(args.samples, device=device)
            for start in range(0, args.samples, args.batch):
                if done == steps:
                    break
                index = order[start:start + args.batch]
                optimizer.zero_grad(set_to_none=True)
                loss = loss_fn(model(inputs[index]), labels[index])
                loss.backward()
                optimizer.step()
                done += 1
        return loss

    run(args.warmup)
    for repetition in range(args.repetitions):
        started = time.perf_counter()
        run(args.steps).item()  # waits for the device
        seconds = time.perf_counter() - started
        print(json.dumps({
            "framework": "pytorch", "torch": torch.__version__, "device": str(device),
            "threads": torch.get_num_threads(), "model": args.model, "input_shape": args.input_shape,
            "batch": args.batch, "steps": args.steps, "repetition": repetition, "seconds": seconds,
            "samples_per_second": args.steps * args.batch / seconds}), flush=True)


if __name__ == "__main__":
    main()
