#!/usr/bin/env bash
# Builds the `default` sandbox image without any image registry:
# debootstrap Debian bookworm -> apt-get install packages.txt in the chroot -> docker import ->
# docker build (legacy builder, --network none) FROM it with Dockerfile.local, which adds Node.js 20,
# npm and Bun: the npm registry packages pinned in runtimes.txt, fetched here with the host's npm
# (the build itself has no network), checked against their pinned sha512 and unpacked into the
# build context's runtimes/ folder (a tree under /usr/local that Dockerfile.local copies in).
# Usage: build-local.sh IMAGE_TAG WORK_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tag=${1:?image tag}
work=${2:?work dir}
mirror=${BOXCAR_DEBIAN_MIRROR:-http://deb.debian.org/debian}
root="$work/rootfs"
base_tag="boxcar/sandbox-rootfs:$("$here/version.sh" rootfs)"
version=$("$here/version.sh")

cleanup() {
  umount "$root/proc" 2>/dev/null || true
  umount "$root/dev/pts" 2>/dev/null || true
}
trap cleanup EXIT

# The Debian rootfs with packages.txt installed, imported as $base_tag.
build_rootfs() {
  rm -rf "$root"
  mkdir -p "$root"
  echo "[image] debootstrap bookworm (about 1-2 min)"
  debootstrap --variant=minbase bookworm "$root" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log"; exit 1; }

  # No service may start inside the chroot while packages install.
  printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
  chmod +x "$root/usr/sbin/policy-rc.d"
  mount -t proc proc "$root/proc"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  echo "[image] apt-get install the default tool set (about 3-5 min)"
  packages=$(grep -v '^#' "$here/packages.txt" | tr '\n' ' ')
  chroot "$root" /bin/sh -c "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends $packages" \
    > "$work/apt.log" 2>&1 || { tail -30 "$work/apt.log"; exit 1; }
  umount "$root/proc"
  rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/tmp/*

  echo "[image] docker import (about 1 min)"
  tar -C "$root" -c . | docker import - "$base_tag" > /dev/null
  rm -rf "$root"
}

if docker image inspect "$base_tag" > /dev/null 2>&1; then
  echo "[image] reusing $base_tag (the package list is unchanged)"
else
  build_rootfs
fi

# The build context: the recipe's files and the unpacked runtimes. The tarballs stay in
# $work/runtimes-tgz between builds (reused while they match runtimes.txt), not in the image.
echo "[image] npm pack the runtimes in runtimes.txt (Node.js, npm, Bun; about 100 MB the first time)"
"$here/runtimes.sh" pack "$work/runtimes-tgz"
context="$work/context"
rm -rf "$context"
mkdir -p "$context"
cp "$here/Dockerfile.local" "$here/finish.sh" "$context/"
"$here/runtimes.sh" install "$work/runtimes-tgz" "$context/runtimes"

echo "[image] docker build $tag"
DOCKER_BUILDKIT=0 docker build -q --network none -f "$context/Dockerfile.local" \
  --build-arg BASE="$base_tag" --label boxcar.image.version="$version" -t "$tag" "$context" > "$work/docker-build.log" 2>&1 \
  || { tail -30 "$work/docker-build.log"; exit 1; }
rm -rf "$context"
echo "[image] built $tag (version $version)"
