#!/usr/bin/env bash
# Prepares .device/ (git-ignored) for a GPU machine that has no JDK or Maven: the dist
# bundle's jlink runtime and jar, the compiled tests as a jar, and JUnit's console launcher.
# Then bench/gpu/validate.sh runs there (carry .device with the call).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
mvn -q -B -Pdist -DskipTests package
version=$(mvn -q -B help:evaluate -Dexpression=project.version -DforceStdout 2>/dev/null)
rm -rf .device
mkdir -p .device/lib
tar -C .device -xzf "target/netgeom-$version-linux-x86_64.tar.gz"
mv ".device/netgeom-$version" .device/netgeom
jar_tool=$(dirname "$(readlink -f .device/netgeom/runtime/bin/java)")/jar
[ -x "$jar_tool" ] || jar_tool=$(ls /usr/lib/jvm/temurin-25*/bin/jar | head -1)
"$jar_tool" --create --file .device/lib/tests.jar -C target/test-classes .
cp ~/.m2/repository/org/junit/platform/junit-platform-console-standalone/1.11.4/junit-platform-console-standalone-1.11.4.jar \
  .device/lib/junit-console.jar
du -sh .device
