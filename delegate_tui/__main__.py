"""``python -m delegate_tui`` runs the same command as ``delegate``."""

from delegate_tui.cli import main

raise SystemExit(main())
