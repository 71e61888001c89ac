#!/usr/bin/env bash
# Quick start, step 2: build what is needed, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >&2
exec /usr/lib/llvm-22/bin/lit -sv "$@" test
