"""``python -m sim`` is the same as ``hotline-sim``."""

from sim.cli.main import main

raise SystemExit(main())
