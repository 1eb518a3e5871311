"""The training loop both PyTorch training benchmarks time (train_mlp.py, train_cnn.py).

Data stays on the device (as in netgeom); each epoch shuffles with torch.randperm on the device
and gathers batches by index; Adam; cross-entropy of the true label. Prints one JSON object per
repetition: {"framework": "pytorch", "samples_per_second": ..., ...}.

The anchor at its best:
- Gradients are zeroed in place on the CPU (`--grads zero`, the default there) and released on
  CUDA (`--grads none`, the default there). On the CPU, `zero_grad(set_to_none=True)` makes every
  step allocate its gradients afresh; for 784-1024-1024-10 at batch 512 on a 2-core VM that cost
  a third of the throughput (8.4-9.9k against 11.2-15.9k samples/s, docs/BENCHMARKS.md).
- On CPU machines whose environment sets OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE (older, slower
  OpenBLAS kernels), run with both unset; the script warns when they are set, and reports the
  BLAS library torch loaded (the reference BLAS is 20-60x slower than OpenBLAS).
- `--cuda-graph` captures the whole training step (forward, backward, Adam with
  capturable=True) in one CUDA graph and replays it, so Python's per-op overhead drops out.
"""
import argparse
import json
import os
import sys
import time

import torch


def add_arguments(parser, steps, warmup):
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--samples", type=int, default=60000, help="training rows (random data with the model's shape)")
    parser.add_argument("--steps", type=int, default=steps, help="timed optimizer steps per repetition")
    parser.add_argument("--warmup", type=int, default=warmup)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: leave as is)")
    parser.add_argument("--tf32", action="store_true", help="allow TF32 matmuls (off by default, like netgeom)")
    parser.add_argument("--grads", choices=["auto", "zero", "none"], default="auto",
                        help="zero gradients in place (zero) or release them (none); auto: zero on the CPU, none on CUDA")
    parser.add_argument("--cuda-graph", action="store_true", help="capture the whole training step in a CUDA graph")


def blas_library():
    """The BLAS shared library this process loaded (torch's CPU matmuls on Debian go through it)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    except OSError:
        return "unknown"
    return ",".join(sorted(os.path.realpath(p) for p in paths)) or "none loaded"


def warn_about_environment(device):
    if device.type != "cpu":
        return
    forced = [name for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if name in os.environ]
    if forced:
        print("warning: " + " and ".join(forced) + " set: OpenBLAS runs older kernels; unset them for the anchor "
              "at its best (env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ...)", file=sys.stderr)
    # Debian's reference BLAS lives in .../blas/libblas.so.3; a pip-installed torch links MKL
    # statically and maps no BLAS library at all, which is fine.
    reference = [path for path in blas_library().split(",") if "/blas/libblas" in path]
    if reference:
        print("warning: torch's BLAS is the reference implementation (" + reference[0] + "), 20-60x slower than "
              "OpenBLAS: install one (apt-get install libopenblas0-pthread) or the anchor is far from its best",
              file=sys.stderr)


def run(args, model, input_shape, classes, description):
    """Trains `model` on random data of `input_shape` and prints one JSON line per repetition."""
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    torch.backends.cuda.matmul.allow_tf32 = args.tf32
    torch.backends.cudnn.allow_tf32 = args.tf32
    if args.cuda_graph and device.type != "cuda":
        raise SystemExit("--cuda-graph needs --device cuda")
    warn_about_environment(device)
    release = args.grads == "none" or (args.grads == "auto" and device.type == "cuda")
    model = model.to(device).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, capturable=args.cuda_graph)
    loss_fn = torch.nn.CrossEntropyLoss()
    inputs = torch.rand((args.samples,) + tuple(input_shape), device=device)
    labels = torch.randint(0, classes, (args.samples,), device=device)
    step = graph_step(model, optimizer, loss_fn, inputs, labels, args.batch) if args.cuda_graph else None

    def train(steps):
        done, loss = 0, None
        while done < steps:
            order = torch.randperm(args.samples, device=device)
            for start in range(0, args.samples - args.batch + 1 if step else args.samples, args.batch):
                if done == steps:
                    break
                index = order[start:start + args.batch]
                if step:
                    loss = step(index)
                else:
                    optimizer.zero_grad(set_to_none=release)
                    loss = loss_fn(model(inputs[index]), labels[index])
                    loss.backward()
                    optimizer.step()
                done += 1
        return loss

    train(args.warmup)
    if device.type == "cuda":
        torch.cuda.synchronize()
    for repetition in range(args.repetitions):
        started = time.perf_counter()
        train(args.steps).item()  # waits for the device
        seconds = time.perf_counter() - started
        record = {"framework": "pytorch", "torch": torch.__version__, "device": str(device),
                  "device_name": torch.cuda.get_device_name() if device.type == "cuda" else "cpu",
                  "threads": torch.get_num_threads(), "blas": blas_library() if device.type == "cpu" else None,
                  "grads": "none" if release else "zero", "cuda_graph": args.cuda_graph}
        record.update(description)
        record.update({"batch": args.batch, "steps": args.steps, "repetition": repetition, "seconds": seconds,
                       "samples_per_second": args.steps * args.batch / seconds})
        print(json.dumps(record), flush=True)


def graph_step(model, optimizer, loss_fn, inputs, labels, batch):
    """A function index -> loss that replays one captured training step (PyTorch's whole-network capture recipe)."""
    static_index = torch.zeros(batch, dtype=torch.long, device=inputs.device)
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):  # warm up on a side stream before capture, as the recipe asks
        for _ in range(3):
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(inputs[static_index]), labels[static_index]).backward()
            optimizer.step()
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    optimizer.zero_grad(set_to_none=True)
    with torch.cuda.graph(graph):
        static_loss = loss_fn(model(inputs[static_index]), labels[static_index])
        static_loss.backward()
        optimizer.step()

    def step(index):
        static_index.copy_(index)
        graph.replay()
        return static_loss

    return step
