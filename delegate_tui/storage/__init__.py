"""The storage layer: the only way into TinyDB and the workspace files.

Screens use :class:`~delegate_tui.storage.store.Store`, the change records in
:mod:`delegate_tui.storage.edits` and the names re-exported here; the files, the migrations and
TinyDB itself stay inside this package (an import contract in pyproject.toml checks it).
"""

from delegate_tui.storage.files import WorkspaceError as WorkspaceError
from delegate_tui.storage.files import write_atomically as write_atomically
from delegate_tui.storage.output import OutputError as OutputError
from delegate_tui.storage.output import write_export as write_export
