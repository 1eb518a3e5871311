"""Writes configs-60.csv for `netgeom trajectories`: 12 narrow configurations first (one-hidden-layer
ReLU MLPs, SGD or Adam), then 48 drawn to vary every factor the paper varies, so that prefixes of
the list grow in diversity. Deterministic (seed 8)."""
import csv
import random

HEADER = ["name", "model", "activation", "optimizer", "lr", "batch", "weight_decay", "dropout", "batch_norm",
          "epochs", "seed", "momentum"]


def narrow():
    rows = []
    for width in (64, 256, 1024):
        for optimizer, lr in (("sgd", 0.05), ("adam", 0.001)):
            for seed in (1, 2):
                rows.append([f"narrow-w{width}-{optimizer}-s{seed}", f"784-{width}-10", "relu", optimizer, lr, 128, 0,
                             0, "false", 4, seed, 0.9 if optimizer == "sgd" else 0])
    return rows


def diverse(count, rng):
    rows = []
    for i in range(count):
        if i % 8 == 7:
            features = rng.choice([256, 1024, 4096])
            model, activation, dropout, batch_norm = f"rf:{features}", rng.choice(["relu", "tanh"]), 0, "false"
        else:
            depth = rng.choice([1, 1, 2, 2, 3, 4])
            widths = [16, 32, 64, 128, 256, 512, 1024, 2048] if depth <= 2 else [16, 32, 64, 128, 256]
            width = rng.choice(widths)
            model = "-".join(["784"] + [str(width)] * depth + ["10"])
            activation = rng.choice(["relu", "tanh", "gelu"])
            regularizer = rng.choice(["none", "none", "dropout", "batchnorm"])
            dropout = 0.2 if regularizer == "dropout" else 0
            batch_norm = "true" if regularizer == "batchnorm" else "false"
        optimizer = rng.choice(["sgd", "adam", "adamw"])
        decade = rng.uniform(0, 2)
        lr = round((0.005 if optimizer == "sgd" else 0.0001) * 10 ** decade, 6)
        batch = rng.choice([32, 64, 128, 256, 512])
        weight_decay = rng.choice([0, 0, 1e-4, 1e-3])
        epochs = rng.choice([2, 4, 8, 16])
        momentum = rng.choice([0, 0.9]) if optimizer == "sgd" else 0
        rows.append([f"d{i:02d}", model, activation, optimizer, lr, batch, weight_decay, dropout, batch_norm, epochs,
                     rng.randint(1, 1000), momentum])
    return rows


if __name__ == "__main__":
    rng = random.Random(8)
    with open("configs-60.csv", "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(narrow() + diverse(48, rng))
