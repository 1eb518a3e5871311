#!/usr/bin/env python3
"""PyTorch side of netgeom's training benchmark for convolutional networks: the same module
(built from the same spec by examples/python/netgeom_torch.py), Adam 1e-3, the same batch size.

The loop, and what keeps the anchor at its best, are in training_loop.py. On the CPU machines
here run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset and try --threads 1 and 2:

    python3 bench/pytorch/train_cnn.py --model conv:32k3p1,relu,maxpool:2,flatten,linear:10 --input-shape 1x28x28
"""
import argparse
import os
import sys

import torch

import training_loop

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, "examples", "python"))
import netgeom_torch  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="a netgeom network spec (layer list or named model)")
    parser.add_argument("--input-shape", default="1x28x28")
    parser.add_argument("--classes", type=int, default=10)
    training_loop.add_arguments(parser, steps=100, warmup=10)
    args = parser.parse_args()
    shape = tuple(int(v) for v in args.input_shape.split("x"))
    torch.manual_seed(1)
    model = netgeom_torch.build_network(args.model, shape, args.classes)
    training_loop.run(args, model, shape, args.classes, {"model": args.model, "input_shape": args.input_shape})


if __name__ == "__main__":
    main()
