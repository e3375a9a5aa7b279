"""delegate-tui: plan delegation in the terminal and spot micromanagement."""

__version__ = "0.1.0"
