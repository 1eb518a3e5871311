#!/usr/bin/env bash
# Compiles cuda/*.cu into one fatbin, OUTPUT_DIR/netgeom_kernels.fatbin, for the architectures
# listed in native/cuda-archs.txt. The Maven build runs it in generate-resources. Without nvcc
# the build goes on and the CUDA backend reports that the kernels were not built.
set -euo pipefail
out_dir=${1:?usage: build-kernels.sh OUTPUT_DIR}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fatbin="$out_dir/netgeom_kernels.fatbin"

find_nvcc() {
  if command -v nvcc >/dev/null 2>&1; then command -v nvcc; return 0; fi
  local candidate
  for candidate in "${CUDA_HOME:-}/bin/nvcc" /usr/local/cuda/bin/nvcc /usr/local/cuda-*/bin/nvcc; do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}
nvcc=$(find_nvcc) || { echo "nvcc not found: CUDA kernels not built; the CUDA backend will be unavailable"; exit 0; }

sources=("$root"/cuda/*.cu)
newest=$(ls -t "$root"/cuda/*.cu "$root"/cuda/*.cuh "$root"/native/cuda-archs.txt | head -1)
if [ -f "$fatbin" ] && [ "$fatbin" -nt "$newest" ]; then exit 0; fi

mkdir -p "$out_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One translation unit: nvcc -fatbin takes a single input.
for source in "${sources[@]}"; do echo "#include \"$source\""; done > "$work/netgeom_kernels.cu"
gencode=()
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  gencode+=("-gencode=$line")
done < "$root/native/cuda-archs.txt"
"$nvcc" -fatbin -O3 -lineinfo -I"$root/cuda" "${gencode[@]}" -Xptxas -v \
  -o "$work/netgeom_kernels.fatbin" "$work/netgeom_kernels.cu" 2> "$work/ptxas.txt" \
  || { cat "$work/ptxas.txt" >&2; exit 1; }
mkdir -p "$root/target"
cp "$work/ptxas.txt" "$root/target/kernels-resource-usage.txt"
mv "$work/netgeom_kernels.fatbin" "$fatbin"
echo "kernels: built $(basename "$fatbin") for $(grep -vc '^#\|^$' "$root/native/cuda-archs.txt") targets with $("$nvcc" --version | tail -1)"
