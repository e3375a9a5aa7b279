"""``delegate export``, ``delegate import`` and ``delegate schema``: summaries and backups."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from delegate_tui.cli import Context, clock, output_cache
from delegate_tui.cli.common import _add_common, _exact, _print_json
from delegate_tui.cli.output_cache import SENTINELS
from delegate_tui.i18n import _
from delegate_tui.model import InputError
from delegate_tui.quick.cache import template
from delegate_tui.storage.output import write_export, write_stdout


def add_export(export: argparse.ArgumentParser) -> None:
    """The arguments of ``delegate export``."""
    export.add_argument("--out", metavar="FILE", help=_("a file, or - for standard output (default)"))
    export.add_argument("--now", metavar="WHEN")
    export.add_argument("--member", metavar="NAME", help=_("only this member's page"))
    export.add_argument("--include-private", action="store_true", help=_("include private notes"))
    export.add_argument("--full", action="store_true", help=_("a lossless backup of the whole workspace"))
    _add_common(export, fmt=("json", "markdown"))
    export.set_defaults(handler=cmd_export)


def cmd_export(ctx: Context) -> int:
    """Write the JSON or Markdown summary, or a full backup with --full."""
    from delegate_tui import summary

    args = ctx.args
    generated = clock()
    if args.full:
        if args.member or args.format != "json":
            raise InputError(_("--full makes a complete JSON backup; it cannot be combined with --member or --format."))
        # Lossless: the archived members, areas and tasks and their history too.
        backup = summary.build_backup(ctx.everything, ctx.store.events(), generated_at=generated)
        problem = summary.backup_problem(backup)
        if problem is not None:
            # A backup that 'import' would refuse is no backup: say what to repair instead.
            raise InputError(
                _("The workspace cannot be backed up as it is ({problem}); no backup was written.").format(
                    problem=problem
                )
            )
        payload = summary.backup_json(backup)
    else:
        ws = ctx.workspace
        events = summary.summary_events(ctx.events, ws, ctx.now, with_notes=args.include_private)
        member_id = ws.member_named(args.member).id if args.member else None
        document = summary.build_summary(
            ws, events, ctx.now, generated_at=generated, member_id=member_id, include_private=args.include_private
        )
        payload = summary.summary_markdown(document) if args.format == "markdown" else summary.summary_json(document)
    if args.out in (None, "-"):
        # The exact text: JSON keeps it, and the Markdown has already escaped every control character.
        write_stdout(payload.encode("utf-8"), _exact(sys.stdout))
        if not args.full and not args.include_private and output_cache.recording():
            # Rendered again with two unlikely moments, to find where the output shows now and generated_at.
            marked = document.model_copy(update={"now": SENTINELS["now"], "generated_at": SENTINELS["generated"]})
            render = summary.summary_markdown if args.format == "markdown" else summary.summary_json
            parts = template(render(marked), SENTINELS)
            output_cache.record_output(ctx, ws, events, parts, payload, 0, generated=generated)
        return 0
    if not args.out.strip():
        raise InputError(_("--out must name a file, or - for standard output."))
    written = write_export(Path(args.out).expanduser(), payload.encode("utf-8"), db=ctx.store.path)
    print(_("Wrote {path}.").format(path=written), file=sys.stderr)
    return 0


def add_import(restore: argparse.ArgumentParser) -> None:
    """The arguments of ``delegate import``."""
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--replace", action="store_true", help=_("replace a workspace that is not empty"))
    _add_common(restore)
    restore.set_defaults(handler=cmd_import)


def cmd_import(ctx: Context) -> int:
    """Restore a full backup made by ``delegate export --full``."""
    from delegate_tui import summary

    args = ctx.args
    source = Path(args.file).expanduser()
    try:
        raw = sys.stdin.buffer.read() if args.file == "-" else source.read_bytes()
    except OSError as error:
        raise InputError(
            _("Cannot read {path}: {problem}.").format(path=source, problem=error.strerror or str(error))
        ) from None
    backup = summary.parse_backup(raw, source=_("standard input") if args.file == "-" else str(source))
    if not ctx.everything.is_empty and not args.replace:
        raise InputError(
            _("The workspace {path} is not empty; add --replace to replace everything in it with {file}.").format(
                path=ctx.store.path, file=source
            )
        )
    ctx.store.replace_everything(backup.workspace, backup.events, ctx.now)
    print(
        _("Imported {members} members, {tasks} tasks and {events} events into {path}.").format(
            members=len(backup.workspace.members),
            tasks=len(backup.workspace.tasks),
            events=len(backup.events),
            path=ctx.store.path,
        )
    )
    return 0


def add_schema(schema: argparse.ArgumentParser) -> None:
    """The arguments of ``delegate schema``."""
    _add_common(schema)
    schema.set_defaults(handler=cmd_schema)


def cmd_schema(ctx: Context) -> int:
    """Print the JSON Schema of the summary document."""
    from delegate_tui import summary

    _print_json(summary.summary_schema())
    return 0
