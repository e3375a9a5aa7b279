"""Scripts run as separate processes by the reliability tests (``python -m tests.helpers.NAME``)."""
