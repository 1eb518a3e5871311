#!/usr/bin/env bash
# Makes target/netgeom-VERSION-linux-x86_64.tar.gz: a jlink runtime (no JDK needed on the
# server), the shaded jar (kernels inside) and the launcher. Called by `mvn -Pdist package`.
set -euo pipefail
target_dir=${1:?usage: make-dist.sh TARGET_DIR VERSION}
version=${2:?usage: make-dist.sh TARGET_DIR VERSION}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The jlink of a JDK >= 25: JAVA_HOME first, then the JDKs under /usr/lib/jvm.
find_jlink() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/jlink" ] || continue
    local major
    major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ "${major%%.*}" -ge 25 ] 2>/dev/null; then echo "$candidate/bin/jlink"; return 0; fi
  done
  return 1
}
jlink=$(find_jlink) || { echo "make-dist: no JDK >= 25 with jlink found (JAVA_HOME or /usr/lib/jvm)" >&2; exit 1; }

name="netgeom-$version"
stage="$target_dir/dist/$name"
rm -rf "$target_dir/dist"
mkdir -p "$stage/lib"
# Modules: what jdeps reports for the shaded jar, plus the Vector API and JCuda's needs, and
# Flight Recorder (jdk.jfr) so that a bare GPU server can profile the host side (-XX:StartFlightRecording).
"$jlink" --add-modules java.base,java.desktop,java.sql,java.logging,java.management,jdk.unsupported,jdk.incubator.vector,jdk.zipfs,jdk.jfr \
  --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output "$stage/runtime"
cp "$target_dir/netgeom-$version-all.jar" "$stage/lib/netgeom.jar"
# A GPU server needs the kernels inside the jar; refuse to ship a bundle without them when nvcc built them.
listing=$(unzip -l "$stage/lib/netgeom.jar")
if [ -f "$target_dir/classes/org/netgeom/backend/cuda/netgeom_kernels.fatbin" ] &&
   [[ "$listing" != *org/netgeom/backend/cuda/netgeom_kernels.fatbin* ]]; then
  echo "make-dist: the jar lacks the kernel image" >&2; exit 1
fi
cp "$root/netgeom" "$stage/netgeom"
cp "$root/README.md" "$stage/README.md"
cp "$root/LICENSE" "$stage/LICENSE"
tarball="$target_dir/$name-linux-x86_64.tar.gz"
tar -C "$target_dir/dist" -czf "$tarball" "$name"
size=$(du -m "$tarball" | cut -f1)
echo "make-dist: wrote $tarball (${size} MB)"
if [ "$size" -ge 60 ]; then echo "make-dist: the tarball is over 60 MB" >&2; exit 1; fi
