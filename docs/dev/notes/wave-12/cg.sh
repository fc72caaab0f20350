#!/bin/bash
# Instructions of one status_quo_2022 run (seed 1), counting only the run (callgrind).
# usage: cg.sh TREE DAYS OUTNAME   (OUT=dir for the .cg/.log files, default /tmp)
# e.g.   git worktree add /tmp/base 3462bc1 && bash cg.sh /tmp/base 365 base && bash cg.sh $PWD 365 head
here=$(dirname "$(readlink -f "$0")")
out=${OUT:-/tmp}
cd "$1" && PYTHONHASHSEED=0 PYTHONPATH="$1" valgrind --tool=callgrind --instr-atstart=no \
  --callgrind-out-file="$out/$3.cg" /work/main/.venv/bin/python "$here/cg_run.py" "$2" on \
  > "$out/$3.log" 2>&1
grep -h "summary\|totals" "$out/$3.cg" | head -2
