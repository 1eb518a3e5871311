#!/usr/bin/env bash
# Compiles cuda/*.cu into one fatbin, OUTPUT_DIR/netgeom_kernels.fatbin, for the architectures
# listed in native/cuda-archs.txt. The Maven build runs it in generate-resources as
#   build-kernels.sh OUTPUT_DIR DIST CPU_ONLY      (DIST, CPU_ONLY: true or false, default false)
# Without nvcc a plain build goes on: the CUDA backend then reports that the kernels were not
# built and the CPU backend does the work. A dist build (DIST=true, mvn -Pdist) fails instead,
# since a bundle for GPU servers without kernels is useless, unless CPU_ONLY=true
# (-Dnetgeom.cpuOnly=true), which builds no kernels at all.
#
# Environment:
#   NETGEOM_NVCC  the nvcc to use (e.g. a CUDA 12.x one, for Volta GPUs), or "none" to build as
#                 if there were none; unset: nvcc on the PATH, then CUDA_HOME, then /usr/local/cuda*
set -euo pipefail
usage="usage: build-kernels.sh OUTPUT_DIR [DIST [CPU_ONLY]] (DIST and CPU_ONLY: true or false)"
out_dir=${1:?$usage}
dist=${2:-false}
cpu_only=${3:-false}
for flag in "$dist" "$cpu_only"; do
  case "$flag" in true | false) ;; *) echo "build-kernels: '$flag' is not true or false; $usage" >&2; exit 2 ;; esac
done
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fatbin="$out_dir/netgeom_kernels.fatbin"
# What the last build used (nvcc and targets): another nvcc or arch list means a rebuild.
stamp="$root/target/kernels-build.txt"

if [ "$cpu_only" = true ]; then
  # An image left by an earlier build would end up in a bundle named CPU-only.
  rm -f "$fatbin"
  echo "kernels: not built (CPU-only build asked for with netgeom.cpuOnly=true)"
  exit 0
fi

find_nvcc() {
  if [ -n "${NETGEOM_NVCC:-}" ]; then
    [ "$NETGEOM_NVCC" != none ] && [ -x "$NETGEOM_NVCC" ] && { echo "$NETGEOM_NVCC"; return 0; }
    return 1
  fi
  if command -v nvcc >/dev/null 2>&1; then command -v nvcc; return 0; fi
  local candidate
  for candidate in "${CUDA_HOME:-}/bin/nvcc" /usr/local/cuda/bin/nvcc /usr/local/cuda-*/bin/nvcc; do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}
if ! nvcc=$(find_nvcc); then
  searched="the PATH, CUDA_HOME and /usr/local/cuda*"
  [ -z "${NETGEOM_NVCC:-}" ] || searched="NETGEOM_NVCC=$NETGEOM_NVCC"
  if [ "$dist" = true ]; then
    echo "build-kernels: nvcc not found ($searched): a dist bundle for GPU servers needs the CUDA kernels." \
      "Install the CUDA toolkit (nvcc) or set NETGEOM_NVCC, or ask for a bundle without them:" \
      "mvn -Pdist -Dnetgeom.cpuOnly=true package" >&2
    exit 1
  fi
  echo "nvcc not found ($searched): CUDA kernels not built; the CUDA backend will be unavailable"
  exit 0
fi
nvcc_version=$("$nvcc" --version)
nvcc_release=$(sed -n 's/.*release \([0-9][0-9.]*\).*/CUDA \1/p' <<<"$nvcc_version")

# nvcc drops old GPU generations (CUDA 13 dropped sm_50 to sm_72, Volta included): a target
# older than the oldest this nvcc builds is skipped, with a note; any other failure is an error.
oldest=$({ "$nvcc" --list-gpu-arch || true; } | sed -n 's/^compute_\([0-9][0-9]*\).*/\1/p' | sort -n | head -1)
gencode=()
skipped=()
while IFS= read -r line; do
  case "$line" in '' | '#'*) continue ;; esac
  generation=$(sed -n 's/^arch=compute_\([0-9][0-9]*\).*/\1/p' <<<"$line")
  if [ -n "$generation" ] && [ -n "$oldest" ] && [ "$generation" -lt "$oldest" ]; then
    skipped+=("${line#*code=}")
    continue
  fi
  gencode+=("-gencode=$line")
done < "$root/native/cuda-archs.txt"
if ((${#skipped[@]} > 0)); then
  echo "kernels: skipped ${skipped[*]}: this nvcc ($nvcc_release) builds compute_$oldest and newer only;" \
    "for those GPUs build with a CUDA 12.x nvcc (first on the PATH, or NETGEOM_NVCC=/usr/local/cuda-12.x/bin/nvcc)" >&2
fi

mkdir -p "$root/target"
build_key="$nvcc $(tail -1 <<<"$nvcc_version") ${gencode[*]}"
newest=$(find "$root/cuda" "$root/native/cuda-archs.txt" \( -name '*.cu' -o -name '*.cuh' -o -name cuda-archs.txt \) \
  -newer "$fatbin" -print -quit 2>/dev/null || echo missing)
if [ -f "$fatbin" ] && [ -z "$newest" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$build_key" ]; then exit 0; fi

sources=("$root"/cuda/*.cu)
mkdir -p "$out_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One translation unit: nvcc -fatbin takes a single input.
for source in "${sources[@]}"; do echo "#include \"$source\""; done > "$work/netgeom_kernels.cu"
"$nvcc" -fatbin -O3 -lineinfo -I"$root/cuda" "${gencode[@]}" -Xptxas -v \
  -o "$work/netgeom_kernels.fatbin" "$work/netgeom_kernels.cu" 2> "$work/ptxas.txt" \
  || { cat "$work/ptxas.txt" >&2; exit 1; }
cp "$work/ptxas.txt" "$root/target/kernels-resource-usage.txt"
mv "$work/netgeom_kernels.fatbin" "$fatbin"
echo "$build_key" > "$stamp"
echo "kernels: built ${fatbin##*/} for ${#gencode[@]} targets with $nvcc_release"
