#!/usr/bin/env bash
# Runs on the GPU machine from the repository root, with .device/ carried (see
# make-device-bundle.sh): the gpu-tagged tests with each binding, then the benchmarks side by
# side with PyTorch. Everything is logged under $OUT (or /tmp/netgeom-out).
set -uo pipefail
out=${OUT:-/tmp/netgeom-out}
mkdir -p "$out"
java=.device/netgeom/runtime/bin/java
flags=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true)
classpath=.device/netgeom/lib/netgeom.jar:.device/lib/tests.jar
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt"

run_tests() { # $1: binding, rest: junit selectors
  local binding=$1; shift
  NETGEOM_CUDA_BINDING=$binding "$java" "${flags[@]}" -jar .device/lib/junit-console.jar execute \
    --class-path "$classpath" --details=summary --disable-banner "$@" 2>&1 | tee "$out/tests-$binding.log" | tail -40
}
step=${1:-all}
if [ "$step" = all ] || [ "$step" = tests ]; then
  run_tests panama --scan-class-path .device/lib/tests.jar
  run_tests jcuda --scan-class-path .device/lib/tests.jar --include-tag gpu
fi
