#!/bin/bash
# Rerun stages of the session design from a fresh clone of main, one after another, into one
# results directory (RESULTS/findings), with a scratch copy of docs/ (RESULTS/docs) for the
# page each stage writes -- the real page is not touched. Publish a stage after a look:
#
#   bash docs/dev/notes/wave-15/restore.sh /work/results-w16 prim screening
#   .venv/bin/python docs/dev/notes/wave-14/publish.py /work/results-w16/findings prim
#
# The clone (RESULTS/clone), not the working tree, is what runs: the tree can change while a
# stage runs for hours. One restore.sh per RESULTS at a time (it replaces RESULTS/clone).
# (Wave 15 ran the same commands by hand from /work/clone, main with `--reps 1644` on
# 9a2e10a, before the session design fixed those pairs.)
#
# A stage longer than the session (wave 17: plausible on a slow host) goes on from the runs
# an earlier session carried (`hotline-sim carry`, committed in docs/records/carried):
#
#   CARRY=1 bash docs/dev/notes/wave-15/restore.sh /work/results-w18 plausible
#   .venv/bin/python -m sim carry /work/results-w18/findings/plausible docs/records/carried
#
# (the first passes the clone's docs/records/carried to `--carry`; the second, before the
# session ends, adds what this one finished, for the next).
set -u
[ $# -ge 2 ] || { echo "usage: restore.sh RESULTS STAGE..." >&2; exit 2; }
mkdir -p "$1" && res=$(cd "$1" && pwd) || exit 1
shift
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
py=${PY:-$repo/.venv/bin/python}
rm -rf "$res/clone" && git clone -q "$repo" "$res/clone" && mkdir -p "$res/docs" \
  && cp -r "$res/clone/docs/." "$res/docs/" || exit 1
cd "$res/clone" || exit 1
echo "clone of $(git log --oneline -1)"
for stage in "$@"; do
  date -u
  carry=()
  [ -n "${CARRY:-}" ] && carry=(--carry "$res/clone/docs/records/carried")
  PYTHONPATH="$res/clone" "$py" -m sim findings --design session --only "$stage" \
    --out "$res/findings" --docs "$res/docs" --no-readme --drop-sections "${carry[@]}"
  echo "$stage rc=$?"
done
date -u
