#!/usr/bin/env bash
# Quick start, step 1: install, build, and run asynclint on the bundled corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh

echo
echo "== asynclint on the corpus's broken programs =="
shopt -s nullglob
runtime=(corpus/[0-9]*/broken.cpp)
asio=(corpus/[0-9]*/asio/broken.cpp)
status=0
if ((${#runtime[@]})); then
  build/bin/asynclint "${runtime[@]}" -- -std=c++20 -Icorpus/runtime -pthread || status=$?
fi
if ((${#asio[@]})); then
  build/bin/asynclint "${asio[@]}" -- -std=c++20 -pthread \
    -DASIO_HAS_CO_AWAIT=1 -DASIO_HAS_STD_COROUTINE=1 || status=$?
fi
# Exit status 1 means "findings", which is what the broken programs are for.
[ "$status" -le 1 ]
