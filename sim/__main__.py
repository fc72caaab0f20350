"""``python -m sim`` is the same as ``hotline-sim``."""

from sim.cli import main

raise SystemExit(main())
