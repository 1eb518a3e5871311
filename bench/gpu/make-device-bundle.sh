#!/usr/bin/env bash
# Prepares .device/ (git-ignored) for a GPU machine that has no JDK or Maven: the dist
# bundle's jlink runtime and jar, the compiled tests as a jar, and JUnit's console launcher.
# Then bench/gpu/validate.sh runs there (carry .device with the call).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
mvn -q -B -Pdist -DskipTests package >/dev/null
version=$(sed -n "s:.*<version>\(.*\)</version>.*:\1:p" pom.xml | head -1)
rm -rf .device
mkdir -p .device/lib
# The tarball travels compressed (the transfer limit is 64 MiB); validate.sh unpacks it.
cp "target/netgeom-$version-linux-x86_64.tar.gz" .device/netgeom.tar.gz
jar_tool=$(ls /usr/lib/jvm/temurin-2[5-9]*/bin/jar | head -1)
# Every module's compiled tests in one jar (the GPU tests are netgeom-cuda's; they build on core's helpers).
"$jar_tool" --create --file .device/lib/tests.jar -C target/netgeom-core/test-classes . \
  -C target/netgeom-cuda/test-classes . -C target/netgeom-jcuda/test-classes . -C target/netgeom-cli/test-classes .
cp ~/.m2/repository/org/junit/platform/junit-platform-console-standalone/1.11.4/junit-platform-console-standalone-1.11.4.jar \
  .device/lib/junit-console.jar
du -sh .device
