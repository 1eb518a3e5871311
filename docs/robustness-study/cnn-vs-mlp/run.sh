#!/usr/bin/env bash
# The CNN row of the BMD/robustness study (issue 17): the small CNN and an MLP, both on binarized
# Fashion-MNIST, 2 epochs of Adam 1e-3 at batch 128; BMD on uniform and data points; PGD and greedy flips.
#   bash docs/robustness-study/cnn-vs-mlp/run.sh [OUT]   (default runs/cnn-vs-mlp; about 20 minutes on 2 cores)
set -euo pipefail
J="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/netgeom"
mkdir -p "${1:-runs/cnn-vs-mlp}"
cd "${1:-runs/cnn-vs-mlp}"
CNN=conv:32k3p1,relu,maxpool:2,conv:64k3p1,relu,maxpool:2,flatten,linear:128,relu,linear:10
$J train --data fashion-mnist --binarize --model "$CNN" --input-shape 1x28x28 --optimizer adam --lr 1e-3 --epochs 2 --batch 128 --seed 1 --backend cpu --out models/cnn --progress quiet --json > cnn-train.json
$J train --data fashion-mnist --binarize --model 784-256-10 --optimizer adam --lr 1e-3 --epochs 2 --batch 128 --seed 1 --backend cpu --out models/mlp --progress quiet --json > mlp-train.json
for dist in uniform data; do
  $J robustness-study --models models/cnn,models/mlp --data fashion-mnist --test-size 1000 --distribution $dist --samples 200 \
    --attack greedy-flip --flips 1,4,16,64 --backend cpu --out study-$dist-flip --progress quiet --json > study-$dist-flip.json
done
$J robustness-study --models models/cnn,models/mlp --data fashion-mnist --test-size 1000 --distribution data --samples 200 \
  --attack pgd --epsilon 0.1,0.3 --backend cpu --out study-data-pgd --progress quiet --json > study-data-pgd.json
echo "results in $PWD"
