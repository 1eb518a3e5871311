#!/usr/bin/env python3
"""PyTorch side of netgeom's training benchmark: the same MLP, init, optimizer and batch size.

Data stays on the device (as in netgeom); each epoch shuffles with torch.randperm on the device
and gathers batches by index. Prints one JSON object per repetition:
{"framework": "pytorch", "samples_per_second": ..., ...}.

    python3 bench/pytorch/train_mlp.py --model 784-1024-1024-10 --batch 512 --device cuda
"""
import argparse
import json
import time

import torch


def build(widths, activation):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append({"relu": torch.nn.ReLU(), "tanh": torch.nn.Tanh(), "gelu": torch.nn.GELU()}[activation])
    return torch.nn.Sequential(*layers)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="784-256-10")
    parser.add_argument("--activation", default="relu")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--samples", type=int, default=60000, help="training rows (random data with the model's shape)")
    parser.add_argument("--steps", type=int, default=200, help="timed optimizer steps per repetition")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: leave as is)")
    parser.add_argument("--tf32", action="store_true", help="allow TF32 matmuls (off by default, like netgeom)")
    args = parser.parse_args()

    if args.threads:
        torch.set_num_threads(args.threads)
    torch.backends.cuda.matmul.allow_tf32 = args.tf32
    torch.backends.cudnn.allow_tf32 = args.tf32
    widths = [int(w) for w in args.model.split("-")]
    device = torch.device(args.device)
    torch.manual_seed(1)
    model = build(widths, args.activation).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    inputs = torch.rand(args.samples, widths[0], device=device)
    labels = torch.randint(0, widths[-1], (args.samples,), device=device)

    def run(steps):
        done = 0
        while done < steps:
            order = torch.randperm(args.samples, device=device)
            for start in range(0, args.samples, args.batch):
                if done == steps:
                    break
                index = order[start:start + args.batch]
                x, y = inputs[index], labels[index]
                optimizer.zero_grad(set_to_none=True)
                loss = loss_fn(model(x), y)
                loss.backward()
                optimizer.step()
                done += 1
        return loss

    run(args.warmup)
    if device.type == "cuda":
        torch.cuda.synchronize()
    for repetition in range(args.repetitions):
        started = time.perf_counter()
        loss = run(args.steps)
        loss.item()  # waits for the device
        seconds = time.perf_counter() - started
        print(json.dumps({
            "framework": "pytorch", "torch": torch.__version__, "device": str(device),
            "device_name": torch.cuda.get_device_name() if device.type == "cuda" else "cpu",
            "threads": torch.get_num_threads(), "model": args.model, "batch": args.batch,
            "steps": args.steps, "repetition": repetition, "seconds": seconds,
            "samples_per_second": args.steps * args.batch / seconds}), flush=True)


if __name__ == "__main__":
    main()
