"""Fast paths of the ``delegate`` command (:mod:`delegate_tui.launch`): standard library, orjson and
the project's own light modules only, never pydantic, Textual, TinyDB or the model, so that a common
command does not pay for the full program's imports. Each returns None when it is not sure, and
the full command runs instead.
"""
