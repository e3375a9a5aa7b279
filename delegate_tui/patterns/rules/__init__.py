"""One module per rule, named by what it finds (``over_monitoring.py`` for MM001, ...).

Each module holds, top to bottom: a docstring saying what the rule finds and what excuses it;
``RULE``, its documentation and thresholds (what ``delegate rules``, the flags screen and
docs/rules/ show); the small predicates screens use to share its judgement, taking the
workspace's :class:`~delegate_tui.model.Settings`; and ``check(ctx, p)``, which yields its flags.

Adding a rule:

1. write ``rules/<what_it_finds>.py`` with ``RULE`` (the next free id, a name whose underscores
   are the module name's hyphens, summary, what it checks, why it matters, an example, params)
   and ``check``, building flags with :func:`delegate_tui.patterns.evidence.make_flag`;
2. add the module to ``RULE_MODULES`` in :mod:`delegate_tui.patterns.registry`;
3. write ``tests/rules/test_<what_it_finds>.py`` with a ``scenario()`` that fires it and tests
   named ``test_mmNNN_*`` for when it fires and what excuses it;
4. run ``python -m delegate_tui.patterns.docs`` to write docs/rules/MMNNN.md.

tests/rules/test_registry.py fails until all four are done.
"""
