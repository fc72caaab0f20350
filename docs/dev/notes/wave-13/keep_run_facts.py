"""After a stage's record is recomputed from its stored runs (new analysis, no new runs), put back
what only the first record knew: the wall time of the runs and the commit they ran on.

    python docs/dev/notes/wave-13/keep_run_facts.py DIR/uses_wear.first.json DIR/uses_wear.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

first, rec = (json.loads(Path(p).read_text()) for p in sys.argv[1:3])
runs, now = first["git"]["commit"][:10], rec["git"]["commit"][:10]
rec["wall_s"] = first["wall_s"]
rec["git_runs"] = first["git"]
rec["note"] = (f"runs on {runs} ({first['wall_s'] / 60:.1f} min); the record recomputed from "
               f"them on {now} for the analysis added after (no new runs; the model unchanged "
               "between the two)")
Path(sys.argv[2]).write_text(json.dumps(rec, indent=2) + "\n")
print(rec["note"])
