#!/bin/sh
# Builds the Debian package with CPack (cpack -G DEB) into WORK_DIR and
# checks it: file name, control fields, that Depends names the package of
# every shared library its programs load and is satisfied on this Debian,
# the shlibs file, the contents and their owners; then unpacks it into a
# scratch root (dpkg -x) and checks that tree with check_prefix.sh (runs
# usr/bin/vigil, builds a C program against it, imports the module).
#
#   deb_test.sh CPACK CMAKE PYTHON|- BUILD_DIR WORK_DIR VERSION
set -eu
cpack=$1
cmake=$2
python=$3
build=$4
work=$5
version=$6
here=$(cd "$(dirname "$0")" && pwd)

fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$work"
mkdir -p "$work"
"$cpack" --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" \
  >"$work/cpack.log" 2>&1 || fail "cpack: $(cat "$work/cpack.log")"
arch=$(dpkg --print-architecture)
deb="$work/out/vigil_${version}_${arch}.deb"
[ -f "$deb" ] || fail "no $deb: $(ls "$work/out")"
echo "OK: built $(basename "$deb") ($(wc -c <"$deb") bytes)"

# Control fields.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = vigil ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version)"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture)"
field Maintainer | grep -Eq '^[^<]+ <[^@> ]+@[^> ]+>$' ||
  fail "Maintainer: '$(field Maintainer)'"
[ "$(dpkg-deb -f "$deb" Description | wc -l)" -ge 3 ] ||
  fail "Description has no long text: $(field Description)"
depends=$(field Depends)
echo "OK: control fields; Depends: $depends"

# Depends is satisfied by the packages of this system (Debian 12).
printf 'Source: vigil-depends-check\n\nPackage: x\nArchitecture: any\n' \
  >"$work/control"
dpkg-checkbuilddeps -d "$depends" "$work/control" ||
  fail "Depends is not satisfied here"
if [ "$python" != "-" ]; then
  echo "$depends" | grep -q 'python3 (>= ' || fail "Depends lacks python3"
fi

# Every library an ELF file of the package needs comes from a package that
# Depends names (or is libvigil itself).
dpkg -x "$deb" "$work/root"
names=$(echo "$depends" | tr ',|' '\n' | sed 's/^ *//; s/[ (].*//' | sort -u)
elves=0
: >"$work/needed"
find "$work/root" -type f >"$work/files"
while IFS= read -r f; do
  readelf -h "$f" >/dev/null 2>&1 || continue
  elves=$((elves + 1))
  readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' >>"$work/needed"
done <"$work/files"
[ $elves -ge 3 ] || fail "only $elves ELF files in the package"
sonames=$(grep -v '^libvigil\.so\.' "$work/needed" | sort -u)
[ -n "$sonames" ] || fail "no NEEDED entries found"
# One dpkg -S for all: lines "pkg[:arch][, pkg...]: /path/soname".
# shellcheck disable=SC2046  # one pattern per soname (no blanks in them)
dpkg -S $(for so in $sonames; do printf '*/%s ' "$so"; done) \
  >"$work/owners" 2>/dev/null || true
for so in $sonames; do
  owners=$(grep "/$so\$" "$work/owners" | sed 's/: [^ ]*$//; s/, /\n/g' |
           sed 's/:.*//' | sort -u)
  [ -n "$owners" ] || fail "$so is needed but no installed package holds it"
  ok=0
  for o in $owners; do
    echo "$names" | grep -qx "$o" && ok=1
  done
  [ $ok = 1 ] || fail "$so (from $owners) is needed but not in Depends"
done
echo "OK: the $elves ELF files need $(echo "$sonames" | wc -l) libraries, each from a package in Depends"

# shlibs: other packages linking libvigil.so.0 depend on us; ldconfig runs.
dpkg-deb -e "$deb" "$work/control.d"
major=${version%%.*}
grep -qx "libvigil $major vigil (>= $version)" "$work/control.d/shlibs" ||
  fail "shlibs: $(cat "$work/control.d/shlibs")"
grep -qx 'activate-noawait ldconfig' "$work/control.d/triggers" ||
  fail "no ldconfig trigger"

# Contents: under /usr, owned by root, shared objects not executable.
listing=$(dpkg-deb -c "$deb")
# LIB: usr/lib, or usr/lib/<triplet> when configured with prefix /usr.
lib='\./usr/lib/([a-z0-9_]+-linux-[a-z0-9_]+/)?'
for f in '\./usr/bin/vigil' '\./usr/include/vigil\.h' "${lib}libvigil\.so\.$version" \
         "${lib}pkgconfig/vigil\.pc" "${lib}cmake/VigilC/VigilCConfig\.cmake" \
         '\./usr/share/doc/vigil/README\.md'; do
  echo "$listing" | grep -Eq " $f( |$)" || fail "$f is not in the package"
done
if [ "$python" != "-" ]; then
  echo "$listing" | grep -q ' ./usr/lib/python3/dist-packages/vigil\..*\.so$' ||
    fail "the Python module is not in the package"
fi
echo "$listing" | grep -v ' ./usr/' && fail "files outside /usr"
echo "$listing" | awk '{print $2}' | grep -vx root/root && fail "not owned by root"
echo "$listing" | grep '^-..x.*\.so[.0-9]*$' && fail "executable shared object"
echo "OK: contents ($(echo "$listing" | wc -l) entries)"

# The unpacked tree works.
"$here/check_prefix.sh" "$cmake" "$python" "$work/root/usr" "$version" "$work/check"
