#!/usr/bin/env bash
# netgeom against DL4J 1.0.0-M2.1 on this CPU, alternating repetitions, same MLP, Adam, batch.
# (validate runs first so that Maven Toolchains picks JDK 25 for the DL4J process.)
#   bash bench/dl4j/run.sh [MODEL BATCH STEPS]   (default: both issue cases)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
cases=("784-256-10 128 200" "784-1024-1024-10 512 30")
[ $# -ge 3 ] && cases=("$1 $2 $3")
mvn -q -B -Pdl4j -pl java/core -DskipTests compile >/dev/null
for case in "${cases[@]}"; do
  read -r model batch steps <<<"$case"
  for round in 1 2; do
    ./netgeom bench train --backend cpu --model "$model" --batch "$batch" --steps "$steps" --repetitions 2 2>/dev/null | grep benchmark
    mvn -q -B -Pdl4j -pl java/core validate exec:exec@dl4j-bench -Ddl4j.model="$model" -Ddl4j.batch="$batch" -Ddl4j.steps="$steps" \
      -Ddl4j.repetitions=2 2>/dev/null | grep framework | tail -1
  done
done
