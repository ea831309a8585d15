#!/usr/bin/env bash
# Compiles codebench.exe's Windows resources (icon, manifest, version
# information) into a .syso object that `go build` links into the
# executable of the package beside it.
#   resources.sh VERSION BUILD OUT.syso [ICON.ico]
# ICON.ico, when given, receives the icon too (the installer uses it).
set -euo pipefail
version=$1 build=$2 out=$3 icon=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

IFS=. read -r major minor patch <<<"$version"
filever="${major:-0}.${minor:-0}.${patch:-0}.${build:-0}"
commas=${filever//./,}

# One icon with the sizes Explorer, the taskbar and the Start menu use.
convert "$root/assets/icon.png" -background none -define icon:auto-resize=256,64,48,40,32,24,20,16 "$work/icon.ico"
sed -e "s/@FILEVERSION@/$filever/g" "$here/codebench.manifest.in" >"$work/codebench.manifest"
sed -e "s/@FILEVERSION@/$filever/g" -e "s/@FILEVERSION_COMMAS@/$commas/g" -e "s/@VERSION@/$version/g" \
  "$here/codebench.rc.in" >"$work/codebench.rc"
x86_64-w64-mingw32-windres --input-format=rc --output-format=coff --target=pe-x86-64 \
  -I "$work" -i "$work/codebench.rc" -o "$out"
[ -z "$icon" ] || cp "$work/icon.ico" "$icon"
