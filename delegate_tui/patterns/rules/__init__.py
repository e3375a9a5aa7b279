"""One module per rule, named by what it finds; each holds the rule's documentation, its
thresholds and its check, and the small predicates the screens use to share its judgement."""
