#!/usr/bin/env python3
"""Builds the PyTorch module a netgeom model file describes, and loads the file into it.

netgeom writes models as safetensors under PyTorch's names and shapes, with the architecture in
the file's metadata. `load(path)` reads that metadata and returns an `nn.Module` whose
`state_dict()` is the file: MLPs (per-layer activations, batch norm after each hidden Linear,
dropout), random-features models, and the input expansion a model was trained with (applied in
`forward`, as netgeom's predict and eval re-apply it). The file is parsed with json and numpy, so
only PyTorch and numpy are needed.

    python3 examples/python/netgeom_torch.py runs/mlp/model.safetensors --inputs X.npy --labels y.npy

prints {"accuracy": ..., "loss": ..., "samples": ...}: the same numbers as `netgeom eval`.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch

# The safetensors reader is check_model.py's, one folder up (plain json + numpy).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
import check_model  # noqa: E402

BATCH_NORM_EPSILON = 1e-5  # netgeom's MlpOptions.BATCH_NORM_EPSILON, PyTorch's default too
ACTIVATIONS = {"identity": torch.nn.Identity, "relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "gelu": torch.nn.GELU}


class Erf(torch.nn.Module):
    def forward(self, x):
        return torch.erf(x)


def activation(name):
    return Erf() if name == "erf" else ACTIVATIONS[name]()


def read_safetensors(path):
    """(tensors as float32 torch tensors, metadata) of a safetensors file, read by check_model.py."""
    arrays, metadata = check_model.read_safetensors(path)
    return {name: torch.from_numpy(array.copy()) for name, array in arrays.items()}, metadata


class InputExpansion(torch.nn.Module):
    """netgeom's input dimension expansion: an N x N image becomes NK x NK with pixel (iK, jK) the
    original (i, j) and every other pixel `value`; a vector gets `extra` entries `value` appended."""

    def __init__(self, factor, extra, value):
        super().__init__()
        self.factor, self.extra, self.value = factor, extra, value

    def forward(self, x):
        if self.factor > 1:
            side = math.isqrt(x.shape[1])
            wide = torch.full((x.shape[0], side * self.factor, side * self.factor), self.value, dtype=x.dtype)
            wide[:, ::self.factor, ::self.factor] = x.reshape(-1, side, side)
            return wide.reshape(x.shape[0], -1)
        if self.extra > 0:
            return torch.cat([x, torch.full((x.shape[0], self.extra), self.value, dtype=x.dtype)], dim=1)
        return x


class Layer(torch.nn.Linear):
    """One netgeom MLP layer: a Linear (keys layers.{i}.weight, .bias) with its batch norm as the
    child `bn` (keys layers.{i}.bn.*), then the activation and dropout."""

    def __init__(self, fan_in, fan_out, act, batch_norm, dropout):
        super().__init__(fan_in, fan_out)
        if batch_norm:
            self.bn = torch.nn.BatchNorm1d(fan_out, eps=BATCH_NORM_EPSILON)
        self.act = act
        self.drop = torch.nn.Dropout(dropout) if dropout > 0 else torch.nn.Identity()

    def forward(self, x):
        x = super().forward(x)
        if hasattr(self, "bn"):
            x = self.bn(x)
        return self.drop(self.act(x))


class Mlp(torch.nn.Module):
    def __init__(self, widths, activations, batch_norm, dropout, expansion):
        super().__init__()
        self.expansion = expansion
        hidden = len(widths) - 2
        layers = [Layer(widths[i], widths[i + 1], activation(activations[min(i, len(activations) - 1)]), batch_norm, dropout)
                  for i in range(hidden)]
        layers.append(torch.nn.Linear(widths[-2], widths[-1]))
        self.layers = torch.nn.ModuleList(layers)

    def forward(self, x):
        x = self.expansion(x)
        for layer in self.layers:
            x = layer(x)
        return x


class RandomFeatures(torch.nn.Module):
    """f(x) = readout(act(features(x) / sqrt(d))) / sqrt(p), without biases (spec bmd.md)."""

    def __init__(self, d, p, k, act, expansion):
        super().__init__()
        self.expansion = expansion
        self.features = torch.nn.Linear(d, p, bias=False)
        self.readout = torch.nn.Linear(p, k, bias=False)
        self.act, self.d, self.p = act, d, p

    def forward(self, x):
        x = self.expansion(x)
        return self.readout(self.act(self.features(x) / math.sqrt(self.d))) / math.sqrt(self.p)


def load(path):
    """The nn.Module of a netgeom model file, its parameters loaded, in eval mode."""
    tensors, metadata = read_safetensors(path)
    widths = [int(w) for w in metadata["netgeom.architecture"].split("-")]
    activations = metadata.get("netgeom.activation", "relu").split(",")
    expansion = InputExpansion(int(metadata.get("netgeom.expand_input", "1")), int(metadata.get("netgeom.expand_dims", "0")),
                               float(metadata.get("netgeom.expand_value", "0")))
    if metadata["netgeom.model"] == "random-features":
        model = RandomFeatures(widths[0], widths[1], widths[2], activation(activations[0]), expansion)
    else:
        model = Mlp(widths, activations, metadata.get("netgeom.batch_norm", "false") == "true",
                    float(metadata.get("netgeom.dropout", "0")), expansion)
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    # netgeom does not store BatchNorm1d's step counter; every parameter and statistic must be there.
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise ValueError(f"{path} does not match its metadata: missing {missing}, unexpected {unexpected}")
    return model.eval()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--inputs", required=True, help="X.npy, [N, d] (unexpanded, as netgeom eval takes it)")
    parser.add_argument("--labels", required=True, help="y.npy, [N] class labels")
    args = parser.parse_args()
    model = load(args.model)
    _, metadata = read_safetensors(args.model)
    x = torch.from_numpy(np.load(args.inputs).astype(np.float32))
    y = torch.from_numpy(np.load(args.labels).astype(np.int64).reshape(-1))
    with torch.no_grad():
        outputs = model(x)
    print(json.dumps({"accuracy": accuracy(outputs, y), "loss": loss(outputs, y, metadata.get("netgeom.loss", "cross-entropy")),
                      "samples": int(len(y))}))


def accuracy(outputs, y):
    predicted = (outputs[:, 0] > 0).long() if outputs.shape[1] == 1 else outputs.argmax(1)
    return float((predicted == y).double().mean())


def loss(outputs, y, name):
    """The loss as netgeom eval reports it: cross-entropy, or (mse) the squared error summed over
    outputs and averaged over rows, against one-hot targets (-1/+1 on a single output)."""
    if name == "cross-entropy":
        return float(torch.nn.functional.cross_entropy(outputs, y))
    if outputs.shape[1] == 1:
        targets = (2 * (y > 0).float() - 1).reshape(-1, 1)
    else:
        targets = torch.nn.functional.one_hot(y, outputs.shape[1]).float()
    return float(((outputs - targets) ** 2).sum(1).mean())


if __name__ == "__main__":
    main()
