"""What the BMD-robustness correlation of a robustness-study is made of (docs/RESULTS.md, "Robustness study on a model zoo").

    python3 examples/bmd/robustness_confounds.py STUDY_DIR COLUMN[,COLUMN...]

STUDY_DIR is a `netgeom robustness-study --out` folder whose models come from `double-descent --save-models`
sweeps in folders named zoo-standard and zoo-adversarial (the start is read from the path). Prints, per width and
start, the mean BMD, clean accuracy and each robustness COLUMN; then Spearman's rho of the BMD against the clean
accuracy, against each column, and against each column divided by the clean accuracy (the share of correct
answers that survive), each with a two-sided permutation p-value (9999 shuffles, numpy seed 1), over all models,
per start, per width and per width and start. Needs numpy.
"""
import csv
import sys
from collections import defaultdict

import numpy as np


def ranks(values):
    """Ranks 0..n-1, ties sharing their average rank."""
    v = np.asarray(values, float)
    order = np.argsort(v, kind="stable")
    r = np.empty(len(v))
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and v[order[j + 1]] == v[order[i]]:
            j += 1
        r[order[i:j + 1]] = (i + j) / 2.0
        i = j + 1
    return r


def spearman(x, y):
    a, b = ranks(x), ranks(y)
    if a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def permutation_test(x, y, shuffles=9999, seed=1):
    rho = spearman(x, y)
    if rho != rho:
        return rho, float("nan")
    rng, y, at_least = np.random.default_rng(seed), np.asarray(y), 0
    for _ in range(shuffles):
        if abs(spearman(x, rng.permutation(y))) >= abs(rho) - 1e-12:
            at_least += 1
    return rho, (1 + at_least) / (1 + shuffles)


def correlations(selected, label, columns):
    bmd = [float(r["bmd"]) for r in selected]
    clean = [float(r["clean_accuracy"]) for r in selected]
    parts = ["%s n=%d" % (label, len(selected)), "clean %.2f (p %.4f)" % permutation_test(bmd, clean)]
    for c in columns:
        robust = [float(r[c]) for r in selected]
        kept = [float(r[c]) / float(r["clean_accuracy"]) for r in selected]
        parts.append("%s %.2f (p %.4f) ratio %.2f (p %.4f)" % ((c,) + permutation_test(bmd, robust) + permutation_test(bmd, kept)))
    print(" | ".join(parts))


def main():
    study, columns = sys.argv[1], sys.argv[2].split(",")
    rows = list(csv.DictReader(open(study + "/models.csv")))
    for r in rows:
        r["init"] = "adversarial" if "zoo-adversarial" in r["model"] else "standard"
        r["width"] = int(r["architecture"].split("-")[1])
    groups = defaultdict(list)
    for r in rows:
        groups[(r["width"], r["init"])].append(r)
    print("width init n bmd clean " + " ".join(columns))
    for key in sorted(groups):
        g = groups[key]
        mean = lambda c: np.mean([float(r[c]) for r in g])
        print(key[0], key[1], len(g), "%.3f %.3f " % (mean("bmd"), mean("clean_accuracy")) + " ".join("%.3f" % mean(c) for c in columns))
    correlations(rows, "all", columns)
    for init in ("standard", "adversarial"):
        correlations([r for r in rows if r["init"] == init], "all " + init, columns)
    for w in sorted({r["width"] for r in rows}):
        correlations([r for r in rows if r["width"] == w], "width %d" % w, columns)
        for init in ("standard", "adversarial"):
            correlations([r for r in rows if r["width"] == w and r["init"] == init], "  width %d %s" % (w, init), columns)


if __name__ == "__main__":
    main()
