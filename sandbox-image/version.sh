#!/bin/sh
# Prints the version of the local image build: a hash of everything that goes into it, so that a
# changed recipe rebuilds the image (and an unchanged one never does). $1 = "rootfs" for the base.
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = rootfs ]; then
  cat "$here/packages.txt" | sha256sum | cut -c1-12
else
  cat "$here/packages.txt" "$here/finish.sh" "$here/Dockerfile.local" "$here/runtimes.txt" "$here/runtimes.sh" \
    | sha256sum | cut -c1-12
fi
