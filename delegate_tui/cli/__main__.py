"""``python -m delegate_tui.cli`` runs the same command as ``delegate`` (``-X importtime`` profiles use it)."""

from delegate_tui.cli import main

raise SystemExit(main())
