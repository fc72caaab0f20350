#!/bin/bash
# Rerun stages of the session design from a fresh clone of main, one after another, into one
# results directory, each with its own page in a scratch docs copy (the real page is not
# touched: publish with docs/dev/notes/wave-14/publish.py OUT STAGE after a look).
#
#   bash docs/dev/notes/wave-15/restore.sh /work/results-w15 prim screening
#
# (wave 15 ran main and prim this way; a stage's wall time is in its record.) The clone, not
# the working tree, is what runs: the tree can change while a stage runs for hours.
set -u
res=$1; shift
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
py=${PY:-$repo/.venv/bin/python}
rm -rf "$res/clone" && git clone -q "$repo" "$res/clone" && mkdir -p "$res/docs" \
  && cp -r "$res/clone/docs/." "$res/docs/" || exit 1
cd "$res/clone" || exit 1
echo "clone of $(git log --oneline -1)"
for stage in "$@"; do
  date -u
  PYTHONPATH="$res/clone" "$py" -m sim findings --design session --only "$stage" \
    --out "$res/findings" --docs "$res/docs" --no-readme --drop-sections
  echo "$stage rc=$?"
done
date -u
