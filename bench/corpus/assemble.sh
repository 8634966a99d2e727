#!/usr/bin/env bash
# Copyright 2026 The Vigil Authors.
#
# Assembles the benign image corpus of bench/quality and bench/hasher from
# Debian packages: real photos (wallpapers, game landscapes, astronomy) and
# graphics (clipart, game art, screenshots). Nothing is committed: the .debs
# go to CACHE/debs, their contents to CACHE/x, and the picked images to OUT.
#
#   bench/corpus/assemble.sh CACHE OUT
#
# Needs apt (with `apt-get update` done), dpkg-deb and ImageMagick's
# /usr/bin/identify. Picks JPEG, PNG and WebP files whose both sides are at
# least 128 pixels (smaller ones are icons), drops byte-identical copies,
# and takes at most CAP files per package (a deterministic spread over the
# sorted list), so that no package dominates. Packages marked `onedir` ship
# each picture at several resolutions, one folder per picture: only the
# first file of a folder is taken (and no screenshot), so that the corpus
# holds distinct pictures. OUT/MANIFEST.tsv lists
# package, file and format; OUT/COUNTS.tsv the count per package.
set -euo pipefail

cache=${1:?usage: $0 CACHE OUT}
out=${2:?usage: $0 CACHE OUT}
identify=/usr/bin/identify  # /usr/local/bin may hold a stand-in

# package  cap  kind  [onedir]
packages=(
  "gnome-backgrounds 200 photo"
  "mate-backgrounds 200 photo"
  "plasma-workspace-wallpapers 200 photo onedir"
  "ukui-wallpapers 200 photo"
  "desktop-base 200 graphic onedir"
  "endless-sky-data 500 photo"
  "stellarium-data 300 photo"
  "tuxpaint-stamps-default 500 photo"
  "openclipart-png 400 graphic"
  "gcompris-qt-data 300 graphic"
  "hedgewars-data 200 graphic"
  "frozen-bubble-data 100 graphic"
  "pingus-data 100 graphic"
  "freeciv-data 100 graphic"
  "gimp-help-en 200 graphic"
  "hugin-data 50 graphic"
  "khangman 100 photo"
  "marble-data 100 graphic"
)

mkdir -p "$cache/debs" "$cache/x" "$out"
: >"$out/MANIFEST.tsv"
: >"$out/COUNTS.tsv"
declare -A seen=()
for entry in "${packages[@]}"; do
  read -r pkg cap kind onedir <<<"$entry"
  if ! ls "$cache/debs/${pkg}"_*.deb >/dev/null 2>&1; then
    (cd "$cache/debs" && apt-get download "$pkg" >/dev/null)
  fi
  deb=$(ls "$cache/debs/${pkg}"_*.deb | head -1)
  if [[ ! -d $cache/x/$pkg ]]; then
    dpkg-deb -x "$deb" "$cache/x/$pkg.tmp" && mv "$cache/x/$pkg.tmp" "$cache/x/$pkg"
  fi
  # Candidates by name, then by size (identify reads only the header).
  mapfile -t files < <(find "$cache/x/$pkg" -type f \
    \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.webp' \) |
    LC_ALL=C sort)
  picked=()
  declare -A dirs=()
  for f in "${files[@]}"; do
    if [[ -n ${onedir:-} ]]; then
      [[ $(basename "$f") != screenshot* ]] || continue
      [[ -z ${dirs[$(dirname "$f")]:-} ]] || continue
      dirs[$(dirname "$f")]=1
    fi
    dims=$("$identify" -ping -format '%w %h %m\n' "$f[0]" 2>/dev/null | head -1) || continue
    read -r w h fmt <<<"$dims"
    [[ -n ${w:-} && $w -ge 128 && $h -ge 128 ]] || continue
    sum=$(sha256sum "$f" | cut -c1-64)
    [[ -z ${seen[$sum]:-} ]] || continue
    seen[$sum]=1
    picked+=("$f	$fmt")
  done
  unset dirs
  n=${#picked[@]}
  take=$((n < cap ? n : cap))
  rm -rf "${out:?}/$pkg"
  mkdir -p "$out/$pkg"
  for ((i = 0; i < take; i++)); do
    line=${picked[$((i * n / take))]}
    f=${line%%	*}
    fmt=${line##*	}
    ext=${f##*.}
    ext=${ext,,}
    dst="$out/$pkg/$(printf '%04d' "$i").$ext"
    cp "$f" "$dst"
    printf '%s\t%s\t%s\t%s\t%s\n' "$pkg" "$kind" "$dst" "$fmt" "${f#"$cache/x/$pkg"}" >>"$out/MANIFEST.tsv"
  done
  printf '%s\t%s\t%d\t%d\n' "$pkg" "$kind" "$take" "$n" >>"$out/COUNTS.tsv"
  echo "$pkg: $take of $n usable images" >&2
done
echo "total: $(wc -l <"$out/MANIFEST.tsv") images in $out" >&2
