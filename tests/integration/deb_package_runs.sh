#!/usr/bin/env bash
# deb_package_runs.sh BUILD_DIR VERSION GRAMMAR_VERSION: builds the Debian package
# with CPack into a temporary directory, checks its name and control fields
# (Depends declares the package of every shared library the binary needs),
# extracts it with `dpkg -x` into a temporary root and runs
# <root>/usr/bin/archverify --version.
set -euo pipefail
build="$1" version="$2" grammar="$3"
for tool in cpack dpkg dpkg-deb readelf; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not available"; exit 77; }
done
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

(cd "$build" && cpack -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; fail "cpack -G DEB failed"; }
arch="$(dpkg --print-architecture)"
deb="$tmp/out/archverify_${version}_${arch}.deb"
[ -f "$deb" ] || { ls "$tmp/out"; fail "expected $(basename "$deb")"; }
echo "package: $(basename "$deb")"

info="$(dpkg-deb -I "$deb")"
echo "$info"
depends="$(dpkg-deb -f "$deb" Depends)"
[ -n "$depends" ] || fail "no Depends field"
[ -n "$(dpkg-deb -f "$deb" Maintainer)" ] || fail "no Maintainer field"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is not $version"
grep -q '^ *;' <<<"$(dpkg-deb -f "$deb" Description)" && fail "Description has CMake list separators"

# Every shared library the binary links must come from a package named in Depends.
dpkg -x "$deb" "$tmp/root"
bin="$tmp/root/usr/bin/archverify"
[ -x "$bin" ] || fail "usr/bin/archverify missing from the package"
for lib in $(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
  path="$(ldconfig -p | awk -v l="$lib" '$1 == l && !found { print $NF; found = 1 }')"  # no early exit: SIGPIPE + pipefail
  [ -n "$path" ] || fail "cannot locate $lib on this system"
  pkg="$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1 || true)"
  [ -n "$pkg" ] || pkg="$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1 || true)"
  [ -n "$pkg" ] || fail "no Debian package owns $lib ($path)"
  [[ ", $depends," == *", $pkg "* || ", $depends," == *", $pkg,"* ]] || fail "$lib comes from $pkg, which Depends does not declare: $depends"
  echo "  $lib <- $pkg (declared)"
done

out="$("$bin" --version)"
echo "dpkg -x root: $out"
[[ "$out" == *"$version"* ]] || fail "--version does not name $version"
[[ "$out" == *"$grammar"* ]] || fail "--version does not name the grammar version $grammar"
contents="$(dpkg-deb -c "$deb")"
grep -q './usr/share/doc/archverify/README.md' <<<"$contents" || fail "README not in the package"
grep -q './usr/share/bash-completion/completions/archverify' <<<"$contents" || fail "bash completion not in the package"
echo "$contents" | awk '{print "  " $NF}'
