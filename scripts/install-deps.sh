#!/usr/bin/env bash
# Installs what archverify needs to build and test, from Debian packages only
# (the tree-sitter-python grammar sources come from npm at configure time).
# Idempotent: does nothing when every package is already installed.
# --build-only: just what building the `archverify` binary needs (no tests),
# as the GitHub Action (action.yml) uses it.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config nodejs npm git python3
  libtree-sitter-dev libyaml-dev nlohmann-json3-dev libre2-dev libcli11-dev
  libtomlplusplus-dev libxxhash-dev
)
# Wanted but not required: the build falls back to glibc malloc without it.
optional=(libmimalloc-dev)
if [ "${1:-}" != "--build-only" ]; then
  packages+=(
    catch2 python3-jsonschema python3-yaml python3-pytest python3-httpx
    python3-fastapi python3-flask python3-sqlalchemy python3-flask-sqlalchemy
    pre-commit bandit time gnuplot-nox
  )
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from elsewhere than Debian: accept them if present on PATH.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=(); for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
missing_optional=()
for p in "${optional[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing_optional+=("$p")
done
[ ${#missing[@]} -eq 0 ] && [ ${#missing_optional[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
for p in "${missing_optional[@]+"${missing_optional[@]}"}"; do
  apt-cache show "$p" >/dev/null 2>&1 && missing+=("$p") || echo "Not available here (optional): $p"
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing: ${missing[*]}"
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
