#!/usr/bin/env bash
# Installs the Debian packages asynclint needs (only those missing), then
# configures and builds it into build/. Safe to run again: it does only what
# is left to do.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(clang-22 clang-tidy-22 clang-format-22 libclang-22-dev llvm-22-dev
          llvm-22-tools lld-22 cmake ninja-build ccache libasio-dev
          libgtest-dev libclang-rt-22-dev python3 python3-jsonschema
          clang-tools-22 patch git g++ distcc pre-commit neovim
          clangd-22)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "asynclint: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER=/usr/lib/llvm-22/bin/clang++
fi
cmake --build build
