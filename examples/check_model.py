#!/usr/bin/env python3
"""Loads a netgeom model.safetensors outside Java and measures its accuracy.

Uses PyTorch when it is importable (the model becomes an nn.Module whose state_dict is the
file), else plain numpy; either way the safetensors file is parsed here with json + numpy so
no extra package is needed. Data: Fashion-MNIST IDX files (default) or X.npy / y.npy.

    python3 examples/check_model.py runs/mlp/model.safetensors
    python3 examples/check_model.py model.safetensors --inputs X.npy --labels y.npy --numpy
Prints one JSON line: {"accuracy": ..., "samples": ..., "framework": "torch"|"numpy"}.
"""
import argparse
import gzip
import json
import os
import struct

import numpy as np


def read_safetensors(path):
    with open(path, "rb") as f:
        header_length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(header_length))
        data = f.read()
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = {"F32": "<f4", "F64": "<f8"}[info["dtype"]]
        tensors[name] = np.frombuffer(data[begin:end], dtype=dtype).reshape(info["shape"]).astype(np.float32)
    return tensors, metadata


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        _, _, _, ndims = struct.unpack(">BBBB", f.read(4))
        dims = struct.unpack(">" + "I" * ndims, f.read(4 * ndims))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def activation(name):
    return {"identity": lambda x: x, "relu": lambda x: np.maximum(x, 0), "tanh": np.tanh,
            "gelu": lambda x: 0.5 * x * (1 + erf(x / np.sqrt(2))), "erf": lambda x: erf(x)}[name]


def erf(x):
    from math import erf as scalar_erf
    return np.vectorize(scalar_erf)(x).astype(np.float32)


def numpy_forward(tensors, metadata, x):
    if metadata["netgeom.model"] == "random-features":
        d = tensors["features.weight"].shape[1]
        p = tensors["features.weight"].shape[0]
        phi = activation(metadata["netgeom.activation"])(x @ tensors["features.weight"].T / np.sqrt(d))
        return phi @ tensors["readout.weight"].T / np.sqrt(p)
    names = metadata["netgeom.activation"].split(",")
    layers = len([k for k in tensors if k.endswith(".weight")])
    for i in range(layers):
        x = x @ tensors[f"layers.{i}.weight"].T + tensors[f"layers.{i}.bias"]
        if i < layers - 1:
            x = activation(names[min(i, len(names) - 1)])(x)
    return x


def torch_forward(tensors, metadata, x):
    import torch
    widths = [int(w) for w in metadata["netgeom.architecture"].split("-")]
    acts = {"relu": torch.nn.ReLU(), "tanh": torch.nn.Tanh(), "gelu": torch.nn.GELU(), "identity": torch.nn.Identity()}
    names = metadata["netgeom.activation"].split(",")

    class Mlp(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(widths, widths[1:]))

        def forward(self, h):
            for i, layer in enumerate(self.layers):
                h = layer(h)
                if i < len(self.layers) - 1:
                    h = acts[names[min(i, len(names) - 1)]](h)
            return h

    model = Mlp()
    model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in tensors.items()})
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--inputs")
    parser.add_argument("--labels")
    parser.add_argument("--numpy", action="store_true", help="use numpy even when PyTorch is importable")
    args = parser.parse_args()
    tensors, metadata = read_safetensors(args.model)
    if args.inputs:
        x = np.load(args.inputs).astype(np.float32)
        y = np.load(args.labels).astype(np.int64).reshape(-1)
    else:
        x = read_idx(os.path.join(args.data_dir, "t10k-images-idx3-ubyte.gz")).reshape(10000, -1).astype(np.float32) / 255
        y = read_idx(os.path.join(args.data_dir, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    framework = "numpy"
    if not args.numpy and metadata["netgeom.model"] == "mlp":
        try:
            import torch  # noqa: F401
            framework = "torch"
        except ImportError:
            pass
    outputs = torch_forward(tensors, metadata, x) if framework == "torch" else numpy_forward(tensors, metadata, x)
    if outputs.shape[1] == 1:
        correct = (outputs[:, 0] > 0) == (y > 0)
    else:
        correct = outputs.argmax(axis=1) == y
    print(json.dumps({"accuracy": float(correct.mean()), "samples": int(len(y)), "framework": framework}))


if __name__ == "__main__":
    main()
