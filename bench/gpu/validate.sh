#!/usr/bin/env bash
# Runs on the GPU machine from the repository root, with .device/ carried (see
# make-device-bundle.sh): the gpu-tagged tests with each binding, then the benchmarks side by
# side with PyTorch in the same call. Logs go under $OUT (or /tmp/netgeom-out).
#   bash bench/gpu/validate.sh [tests|cnn|train|auto|measure|bmd|distance|bench|profile|all]
set -uo pipefail
out=${OUT:-/tmp/netgeom-out}
mkdir -p "$out"
export PYTHONUNBUFFERED=1
if [ ! -x .device/netgeom/runtime/bin/java ]; then
  mkdir -p .device/unpacked && tar -C .device/unpacked -xzf .device/netgeom.tar.gz && mv .device/unpacked/netgeom-* .device/netgeom
fi
java=.device/netgeom/runtime/bin/java
flags=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true)
classpath=.device/netgeom/lib/netgeom.jar:.device/lib/tests.jar
netgeom() { "$java" "${flags[@]}" -jar .device/netgeom/lib/netgeom.jar "$@"; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt"
netgeom info 2>&1 | tail -6 | tee "$out/info.txt"

run_tests() { # $1: binding, $2: log name, rest: junit selectors
  local binding=$1 name=$2; shift 2
  echo "== tests: $name (binding $binding)"
  NETGEOM_CUDA_BINDING=$binding "$java" "${flags[@]}" -jar .device/lib/junit-console.jar execute \
    --class-path "$classpath" --details=tree --disable-banner "$@" > "$out/tests-$name.log" 2>&1
  grep -E "tests (successful|failed|aborted|skipped)|✘|MethodSource|=>" "$out/tests-$name.log" | head -60
}
step=${1:-all}
if [ "$step" = all ] || [ "$step" = tests ]; then
  run_tests panama gpu-panama --scan-class-path .device/lib/tests.jar --include-tag gpu
  run_tests jcuda gpu-jcuda --scan-class-path .device/lib/tests.jar --include-tag gpu
fi
if [ "$step" = all ] || [ "$step" = cnn ]; then
  # Convolutional networks on the GPU (issue 17): every image kernel bit for bit against the CPU,
  # gradients against the float64 reference, a small CNN's loss curve against the CPU's, the
  # row-split batch-norm statistics of tall (channels-last) inputs; both bindings. Then the CNN training benchmark next to PyTorch, alternating. (`tests` runs these
  # tests too; this step is for a session that has only a few minutes.)
  run_tests panama cnn-panama --select-class org.netgeom.backend.cuda.CudaImageOpsTest \
    --select-class org.netgeom.backend.cuda.CudaConvNetTest --select-class org.netgeom.backend.cuda.CudaWithoutGpuTest \
    --select-method org.netgeom.backend.cuda.CudaBackendTest#batchNormOfTallMatricesMatchesCpuAndRepeatsItsBits
  run_tests jcuda cnn-jcuda --select-class org.netgeom.backend.cuda.CudaImageOpsTest \
    --select-class org.netgeom.backend.cuda.CudaConvNetTest --select-class org.netgeom.backend.cuda.CudaWithoutGpuTest \
    --select-method org.netgeom.backend.cuda.CudaBackendTest#batchNormOfTallMatricesMatchesCpuAndRepeatsItsBits
  cnn=conv:32k3p1,relu,maxpool:2,conv:64k3p1,relu,maxpool:2,flatten,linear:128,relu,linear:10
  for _ in 1 2; do
    echo "== bench train $cnn, 1x28x28, batch 128"
    netgeom bench train --backend cuda --model "$cnn" --input-shape 1x28x28 --batch 128 --steps 300 --repetitions 2 2>&1 \
      | grep benchmark | tee -a "$out/train-cnn-netgeom.jsonl"
    python3 bench/pytorch/train_cnn.py --device cuda --model "$cnn" --input-shape 1x28x28 --batch 128 --steps 300 \
      --repetitions 2 | tail -1 | tee -a "$out/train-cnn-pytorch.jsonl"
  done
  # ResNet-20, and ResNet-18 at batch 128 and 512 (issue 17): PyTorch with cuDNN eager and with
  # the whole training step in one CUDA graph, alternating with netgeom.
  for case in "resnet20 128" "resnet18 128" "resnet18 512"; do
    read -r model batch <<< "$case"
    echo "== bench train $model, 3x32x32, batch $batch"
    netgeom bench train --backend cuda --model "$model" --input-shape 3x32x32 --batch "$batch" --steps 50 --repetitions 2 2>&1 \
      | grep benchmark | tee -a "$out/train-cnn-netgeom.jsonl"
    for graph in "" --cuda-graph; do
      python3 bench/pytorch/train_cnn.py --device cuda --model "$model" --input-shape 3x32x32 --batch "$batch" --steps 50 \
        --repetitions 2 $graph | tail -1 | tee -a "$out/train-cnn-pytorch.jsonl"
    done
  done
fi
if [ "$step" = all ] || [ "$step" = train ]; then
  # The same 2-epoch run from the same seed on both backends (the issue's accuracy check).
  for backend in cuda cpu; do
    echo "== train 784-256-10, 2 epochs, teacher:mlp data, backend $backend"
    netgeom train --backend "$backend" --data teacher:mlp --input-dim 784 --train-size 60000 --test-size 10000 \
      --model 784-256-10 --epochs 2 --batch 128 --seed 1 --progress quiet --json --out "$out/train-$backend" 2>&1 | tail -2
  done
fi
if [ "$step" = all ] || [ "$step" = auto ]; then
  echo "== auto backend, symmetry breakers on the GPU"
  netgeom train --backend auto --data teacher:mlp --input-dim 784 --train-size 20000 --test-size 5000 --model 784-256-10 \
    --batch-norm --dropout 0.1 --epochs 1 --progress quiet --json 2>&1 | grep -E "backend|test_accuracy"
  netgeom symmetry --backend cuda --data teacher:mlp --input-dim 784 --train-size 20000 --test-size 5000 \
    --model-config "--model 784-128-10 --batch-norm" --replicas 3 --epochs 1 --progress quiet --json 2>&1 | tail -1
fi
if [ "$step" = all ] || [ "$step" = measure ] || [ "$step" = bmd ]; then
  echo "== BMD Monte Carlo, 784-256-10, 5000 points, 8192 and 65536 rows per call (alternating)"
  for _ in 1 2; do  # both frameworks at both batch sizes, alternating
    for rows in 8192 65536; do
      netgeom bench bmd --backend cuda --samples 5000 --repetitions 5 --rows-per-call "$rows" 2>&1 | grep benchmark \
        | tee -a "$out/bmd-netgeom.jsonl"
      python3 bench/pytorch/bmd.py --device cuda --samples 5000 --repetitions 5 --rows-per-call "$rows" | tee -a "$out/bmd-pytorch.jsonl" \
        | tail -1
    done
  done
fi
if [ "$step" = all ] || [ "$step" = measure ]; then
  echo "== barrier curve (21 points, 10000 rows) and weight matching, 784-512-512-10"
  netgeom zoo --backend cuda --data teacher:mlp --input-dim 784 --train-size 10000 --test-size 10000 --model 784-512-512-10 \
    --count 2 --epochs 1 --out /tmp/zoo > /dev/null 2>&1
  a=$(find /tmp/zoo -name model.safetensors | sort | head -1); b=$(find /tmp/zoo -name model.safetensors | sort | sed -n 2p)
  for _ in 1 2; do  # both warmed up in their process, then timed; alternating
    netgeom bench barrier --backend cuda --a "$a" --b "$b" --data teacher:mlp --input-dim 784 --train-size 10000 --test-size 10000 \
      --split test --points 21 --repetitions 3 2>/dev/null | tee -a "$out/barrier-netgeom.jsonl" | grep benchmark
    python3 bench/pytorch/barrier.py "$a" "$b" --rows 10000 --points 21 --repetitions 3 | tail -1 | tee -a "$out/barrier-pytorch.jsonl"
  done
fi
if [ "$step" = all ] || [ "$step" = measure ] || [ "$step" = distance ]; then
  echo "== Bhattacharyya distance matrix, K=2000, N=10000, C=10"
  python3 bench/trajectory/bhattacharyya.py make --out /tmp/P.npy --points 2000 --samples 10000 --classes 10
  # One cold CLI run writes /tmp/D.npy, which the PyTorch script compares with its own matrix.
  netgeom distance --predictions /tmp/P.npy --out /tmp/D.npy --backend cuda --json 2>/dev/null | grep -o '"seconds.*'
  for _ in 1 2; do  # both warmed up in their process, then timed; alternating
    netgeom bench distance --predictions /tmp/P.npy --backend cuda --repetitions 3 2>/dev/null | tee -a "$out/distance-netgeom.jsonl" \
      | grep benchmark
    python3 bench/pytorch/bhattacharyya.py --predictions /tmp/P.npy --compare /tmp/D.npy 2>/dev/null | tail -1 \
      | tee -a "$out/distance-pytorch.jsonl"
  done
fi
if [ "$step" = all ] || [ "$step" = bench ]; then
  echo "== sgemm (alternating)"
  netgeom bench gemm --backend cuda --sizes 1024,4096 --repeats 30 2>&1 | grep benchmark | tee "$out/sgemm-netgeom.jsonl"
  python3 bench/pytorch/sgemm.py --sizes 1024,4096 --repeats 30 | tee "$out/sgemm-pytorch.jsonl"
  netgeom bench gemm --backend cuda --sizes 1024,4096 --repeats 30 2>&1 | grep benchmark | tee "$out/sgemm-netgeom.jsonl"
  python3 bench/pytorch/sgemm.py --sizes 1024,4096 --repeats 30 | tee "$out/sgemm-pytorch.jsonl"
  for case in "784-256-10 128" "784-1024-1024-10 512" "784-1024-1024-10 4096"; do
    read -r -a words <<< "$case"
    set -- "${words[@]}"
    echo "== train $1 batch $2"
    for _ in 1 2; do  # alternate the two frameworks
      netgeom bench train --backend cuda --model "$1" --batch "$2" --steps 300 --repetitions 2 2>&1 | grep benchmark | tee -a "$out/train-netgeom.jsonl"
      python3 bench/pytorch/train_mlp.py --device cuda --model "$1" --batch "$2" --steps 300 --repetitions 2 | tail -1 | tee -a "$out/train-pytorch.jsonl"
      # The anchor without Python's per-op overhead: the whole step captured in a CUDA graph.
      python3 bench/pytorch/train_mlp.py --device cuda --cuda-graph --model "$1" --batch "$2" --steps 300 --repetitions 2 | tail -1 | tee -a "$out/train-pytorch.jsonl"
    done
  done
fi
if [ "$step" = profile ]; then
  # Where the measurements below PyTorch spend their time (issue 5), per command: the host side
  # from Java Flight Recorder ($out/profile-NAME.jfr; read it with `jfr print --events
  # jdk.ExecutionSample,jdk.NativeMethodSample` or `jfr view hot-methods` on any JDK >= 21) and
  # the device side from Nsight Compute's per-kernel durations ($out/profile-NAME-kernels.csv).
  # Nsight Systems is not installed on the lent GPU machines. Not part of "all".
  profile() { # $1: name, rest: netgeom arguments
    local name=$1; shift
    echo "== profile: $name (host: Flight Recorder)"
    "$java" "${flags[@]}" "-XX:StartFlightRecording=filename=$out/profile-$name.jfr,settings=profile" \
      -jar .device/netgeom/lib/netgeom.jar "$@" > "$out/profile-$name.log" 2>&1
    tail -3 "$out/profile-$name.log"
    if command -v ncu > /dev/null; then
      echo "== profile: $name (device: Nsight Compute kernel durations)"
      ncu --metrics gpu__time_duration.sum --print-summary per-kernel --csv --launch-count 4000 \
        "$java" "${flags[@]}" -jar .device/netgeom/lib/netgeom.jar "$@" > "$out/profile-$name-kernels.csv" 2>&1
      grep -E '"gpu__time_duration.sum"' "$out/profile-$name-kernels.csv" | cut -d, -f1-12 | head -20
    fi
  }
  profile bmd bench bmd --backend cuda --samples 300 --repetitions 2
  netgeom zoo --backend cuda --data teacher:mlp --input-dim 784 --train-size 10000 --test-size 10000 --model 784-512-512-10 \
    --count 2 --epochs 1 --out /tmp/zoo > /dev/null 2>&1
  a=$(find /tmp/zoo -name model.safetensors | sort | head -1); b=$(find /tmp/zoo -name model.safetensors | sort | sed -n 2p)
  profile barrier barrier --backend cuda --a "$a" --b "$b" --data teacher:mlp --input-dim 784 --train-size 10000 \
    --test-size 10000 --split test --points 21 --align weights --json
  python3 bench/trajectory/bhattacharyya.py make --out /tmp/P.npy --points 2000 --samples 10000 --classes 10
  profile distance distance --predictions /tmp/P.npy --out /tmp/D.npy --backend cuda --json
fi
