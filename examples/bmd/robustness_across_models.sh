#!/usr/bin/env bash
# BMD and robustness to random input flips for every model under the given folders (spec
# bmd.md section 4: "relate it to BMD across models"), one CSV row per model:
#   examples/bmd/robustness_across_models.sh OUT.csv runs/star-d1 [more folders ...]
# Runs `netgeom bmd` (DISTRIBUTION, default uniform: use data for models trained with
# --binarize, whose training rows then lie on the cube; 200 points) and `netgeom robustness`
# (k = 1, 4, 16, 64, 256 flipped pixels, Fashion-MNIST test set) per model; a re-run skips models
# already in OUT.csv. NETGEOM (default: ./netgeom) and BACKEND (default: auto) can be set.
set -euo pipefail
out="$1"; shift
netgeom="${NETGEOM:-./netgeom}"
backend="${BACKEND:-auto}"
distribution="${DISTRIBUTION:-uniform}"
flips=1,4,16,64,256
[[ -f "$out" ]] || echo "model,bmd,bmd_stderr,clean_accuracy,changed_1,changed_4,changed_16,changed_64,changed_256,drop_1,drop_4,drop_16,drop_64,drop_256" > "$out"
find "$@" -name model.safetensors | sort | while read -r model; do
  grep -q "^$model," "$out" && continue
  bmd="$($netgeom bmd --model "$model" --data fashion-mnist --distribution "$distribution" --samples 200 --seed 1 --backend "$backend" --json 2>/dev/null)"
  robust="$($netgeom robustness --model "$model" --data fashion-mnist --flips "$flips" --seed 1 --backend "$backend" --json 2>/dev/null)"
  python3 - "$model" "$bmd" "$robust" >> "$out" <<'PY'
import json, sys
model, bmd, robust = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
points = robust["points"]
row = [model, bmd["bmd"], bmd["stderr"], robust["clean_accuracy"]]
row += [p["changed_fraction"] for p in points] + [p["accuracy_drop"] for p in points]
print(",".join(str(v) for v in row))
PY
done
