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


NAMED_NETWORKS = ("resnet18", "resnet20", "allcnn", "lenet5")


class BasicBlock(torch.nn.Module):
    """torchvision's BasicBlock, with a 1x1 projection (`downsample`) when the shape changes."""

    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(in_channels, out_channels, 3, stride, 1, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(out_channels)
        self.relu = torch.nn.ReLU()
        self.conv2 = torch.nn.Conv2d(out_channels, out_channels, 3, 1, 1, bias=False)
        self.bn2 = torch.nn.BatchNorm2d(out_channels)
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            self.downsample = torch.nn.Sequential(torch.nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                                                  torch.nn.BatchNorm2d(out_channels))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + (x if self.downsample is None else self.downsample(x)))


def _scaled(channels, width):
    # Python's round() rounds halves to even; netgeom (Java's Math.round) rounds them up.
    return max(1, int(math.floor(channels * width + 0.5)))


def _network_item(token, shape):
    """(module, output shape) of one layer-list token on input `shape` ((C, H, W) or (F,))."""
    if token.startswith("conv:"):
        body = token[5:]
        bias = not body.endswith("nb")
        body = body[:-2] if not bias else body
        digits = ""
        while body and body[0].isdigit():
            digits, body = digits + body[0], body[1:]
        options = {"k": 3, "s": 1, "p": 0}
        while body:
            key, body = body[0], body[1:]
            value = ""
            while body and body[0].isdigit():
                value, body = value + body[0], body[1:]
            options[key] = int(value)
        out, k, s, p = int(digits), options["k"], options["s"], options["p"]
        size = lambda n: (n + 2 * p - k) // s + 1  # noqa: E731
        return torch.nn.Conv2d(shape[0], out, k, s, p, bias=bias), (out, size(shape[1]), size(shape[2]))
    if token.startswith("block:"):
        out, _, stride = token[6:].partition("s")
        stride = int(stride) if stride else 1
        size = lambda n: (n + 2 - 3) // stride + 1  # noqa: E731
        return BasicBlock(shape[0], int(out), stride), (int(out), size(shape[1]), size(shape[2]))
    name, _, argument = token.partition(":")
    if name in ("maxpool", "avgpool"):
        k = int(argument)
        pool = torch.nn.MaxPool2d(k) if name == "maxpool" else torch.nn.AvgPool2d(k)
        return pool, (shape[0], shape[1] // k, shape[2] // k)
    if name == "gap":
        return torch.nn.AdaptiveAvgPool2d(1), (shape[0], 1, 1)
    if name == "bn":
        return (torch.nn.BatchNorm2d(shape[0]) if len(shape) == 3 else torch.nn.BatchNorm1d(shape[0])), shape
    if name in ("relu", "tanh", "gelu"):
        return ACTIVATIONS[name](), shape
    if name == "dropout":
        return torch.nn.Dropout(float(argument)), shape
    if name == "flatten":
        return torch.nn.Flatten(), (math.prod(shape),)
    if name == "linear":
        return torch.nn.Linear(shape[0], int(argument)), (int(argument),)
    raise ValueError("unknown layer token " + token)


class LayerList(torch.nn.Module):
    """A netgeom layer list: `layers` is the nn.Sequential of its items, so keys are layers.{j}.*"""

    def __init__(self, architecture, input_shape):
        super().__init__()
        modules, shape = [], tuple(input_shape)
        for token in architecture.split(","):
            module, shape = _network_item(token.strip(), shape)
            modules.append(module)
        self.layers = torch.nn.Sequential(*modules)

    def forward(self, x):
        return self.layers(x)


class ResNet(torch.nn.Module):
    """The CIFAR ResNets under torchvision's names: 3x3 stem (stride 1, no max pool), basic blocks."""

    def __init__(self, channels, blocks, classes, in_channels):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(in_channels, channels[0], 3, 1, 1, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(channels[0])
        self.relu = torch.nn.ReLU()
        previous = channels[0]
        for stage, width in enumerate(channels):
            stage_blocks = []
            for block in range(blocks):
                stage_blocks.append(BasicBlock(previous, width, 2 if stage > 0 and block == 0 else 1))
                previous = width
            setattr(self, "layer%d" % (stage + 1), torch.nn.Sequential(*stage_blocks))
        self.stages = len(channels)
        self.avgpool = torch.nn.AdaptiveAvgPool2d(1)
        self.flatten = torch.nn.Flatten()
        self.fc = torch.nn.Linear(previous, classes)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        for stage in range(self.stages):
            x = getattr(self, "layer%d" % (stage + 1))(x)
        return self.fc(self.flatten(self.avgpool(x)))


class InputFit(torch.nn.Module):
    """netgeom's InputFit: images of data_shape zero-padded to the network's H x W (odd extra row
    or column at the bottom or right) and, from one channel, copied into every channel."""

    def __init__(self, network, data_shape, input_shape):
        super().__init__()
        self.network, self.data_shape, self.input_shape = network, tuple(data_shape), tuple(input_shape)

    def forward(self, x):
        c, h, w = self.input_shape
        x = x.reshape(-1, *self.data_shape)
        top, left = (h - self.data_shape[1]) // 2, (w - self.data_shape[2]) // 2
        x = torch.nn.functional.pad(x, (left, w - self.data_shape[2] - left, top, h - self.data_shape[1] - top))
        if self.data_shape[0] != c:
            x = x.expand(-1, c, h, w)
        return self.network(x)


def build_network(architecture, input_shape, classes=10):
    """The nn.Module of a netgeom network spec (`netgeom describe` lists the same state_dict)."""
    name, _, width = architecture.partition(":w")
    if name in NAMED_NETWORKS:
        width = float(width) if width else 1.0
        if name == "resnet18":
            return ResNet([_scaled(c, width) for c in (64, 128, 256, 512)], 2, classes, input_shape[0])
        if name == "resnet20":
            return ResNet([_scaled(c, width) for c in (16, 32, 64)], 3, classes, input_shape[0])
        if name == "allcnn":
            a, b = _scaled(96, width), _scaled(192, width)
            architecture = ("dropout:0.2,conv:%dp1,relu,conv:%dp1,relu,conv:%ds2p1,relu,dropout:0.5,conv:%dp1,relu,"
                            "conv:%dp1,relu,conv:%ds2p1,relu,dropout:0.5,conv:%d,relu,conv:%dk1,relu,conv:%dk1,relu,gap,"
                            "flatten") % (a, a, a, b, b, b, b, b, classes)
        else:
            architecture = ("conv:%dk5p2,relu,maxpool:2,conv:%dk5,relu,maxpool:2,flatten,linear:%d,relu,linear:%d,relu,"
                            "linear:%d") % (_scaled(6, width), _scaled(16, width), _scaled(120, width), _scaled(84, width),
                                            classes)
    return LayerList(architecture, input_shape)


def load(path):
    """The nn.Module of a netgeom model file, its parameters loaded, in eval mode. A network
    (netgeom.model "network") is the module build_network makes, taking images [N, C, H, W];
    its state_dict is the file's, key for key, but BatchNorm's num_batches_tracked."""
    tensors, metadata = read_safetensors(path)
    if metadata["netgeom.model"] == "network":
        shape = tuple(int(v) for v in metadata["netgeom.input_shape"].split("x"))
        model = build_network(metadata["netgeom.architecture"], shape, int(metadata["netgeom.classes"]))
        missing, unexpected = model.load_state_dict(tensors, strict=False)
        # Like the MLPs' files, netgeom's do not store BatchNorm's step counter; all else must match.
        missing = [k for k in missing if not k.endswith("num_batches_tracked")]
        if missing or unexpected:
            raise ValueError(f"{path} does not match its metadata: missing {missing}, unexpected {unexpected}")
        if "netgeom.data_shape" in metadata:
            data_shape = tuple(int(v) for v in metadata["netgeom.data_shape"].split("x"))
            return InputFit(model, data_shape, shape).eval()
        return model.eval()
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
    if metadata["netgeom.model"] == "network":  # rows of C*H*W values, NCHW as netgeom reads them
        shape = metadata.get("netgeom.data_shape", metadata["netgeom.input_shape"])  # InputFit pads the data's images
        x = x.reshape((-1,) + tuple(int(v) for v in shape.split("x")))
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
