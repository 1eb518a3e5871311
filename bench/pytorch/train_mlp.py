#!/usr/bin/env python3
"""PyTorch side of netgeom's training benchmark: the same MLP, init, optimizer and batch size.

The loop, and what keeps the anchor at its best, are in training_loop.py. On the CPU machines
here run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset and try --threads 1 and 2:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/pytorch/train_mlp.py --model 784-1024-1024-10 --batch 512 --threads 1
    python3 bench/pytorch/train_mlp.py --model 784-1024-1024-10 --batch 512 --device cuda [--cuda-graph]
"""
import argparse

import torch

import training_loop


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
    training_loop.add_arguments(parser, steps=200, warmup=20)
    args = parser.parse_args()
    widths = [int(w) for w in args.model.split("-")]
    torch.manual_seed(1)
    training_loop.run(args, build(widths, args.activation), (widths[0],), widths[-1], {"model": args.model})


if __name__ == "__main__":
    main()
