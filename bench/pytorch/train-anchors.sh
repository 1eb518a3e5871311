#!/usr/bin/env bash
# netgeom's CPU training against PyTorch at its best, alternating, one command (docs/BENCHMARKS.md):
# for each case and round, `netgeom bench train`, then bench/pytorch/train_*.py with 1 and 2 torch
# threads and with gradients zeroed in place and released (whichever is faster differs by model),
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset in PyTorch's command only.
#   bash bench/pytorch/train-anchors.sh [ROUNDS]     (default 3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rounds="${1:-3}"
python="${PYTHON:-/usr/bin/python3}"
cnn="conv:32k3p1,relu,maxpool:2,conv:64k3p1,relu,maxpool:2,flatten,linear:128,relu,linear:10"
cases=("784-256-10 128 200" "784-1024-1024-10 512 60" "$cnn 128 60")
rate() { grep -o '"samples_per_second": *[0-9.]*' | grep -o '[0-9.]*$' | awk '{printf "%.0f ", $1}'; }
for round in $(seq 1 "$rounds"); do
  for case in "${cases[@]}"; do
    read -r model batch steps <<<"$case"
    script=bench/pytorch/train_mlp.py shape=()
    [[ "$model" == conv:* ]] && script=bench/pytorch/train_cnn.py shape=(--input-shape 1x28x28)
    echo "round $round  ${model}  batch $batch"
    echo "  netgeom: $(./netgeom bench train --backend cpu --model "$model" "${shape[@]}" --batch "$batch" --steps "$steps" \
      --repetitions 2 2>/dev/null | grep -o '"samples_per_second":[0-9.]*' | sed 's/:/: /' | rate)"
    for threads in 1 2; do
      for grads in zero none; do
        echo "  pytorch threads $threads grads $grads: $(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" "$script" \
          --model "$model" "${shape[@]}" --batch "$batch" --steps "$steps" --repetitions 2 --threads "$threads" --grads "$grads" | rate)"
      done
    done
  done
done
