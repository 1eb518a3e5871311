#!/usr/bin/env bash
# JMH microbenchmarks of the CPU backend's hot paths (profile -Pjmh, never in the default build).
#   bash bench/jmh/run.sh [JMH options, e.g. -p gemm=512-1024-784-false-true -i 3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mvn -q -B -Pjmh -pl java/core -DskipTests compile
listing=$(mktemp)
trap 'rm -f "$listing"' EXIT
mvn -q -B -Pjmh -pl java/core dependency:build-classpath -Dmdep.outputFile="$listing" >/dev/null
classpath="target/netgeom-core/classes:$(cat "$listing")"
# JMH forks JVMs like the one it runs in, so start it on a Java >= 25 (JAVA_HOME, then /usr/lib/jvm).
java=""
for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
  major=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if [ "${major%%.*}" -ge 25 ] 2>/dev/null; then java="$home/bin/java"; break; fi
done
[ -n "$java" ] || { echo "bench/jmh/run.sh: needs a Java >= 25 (JAVA_HOME or /usr/lib/jvm)" >&2; exit 1; }
"$java" --add-modules jdk.incubator.vector -cp "$classpath" org.openjdk.jmh.Main "$@"
