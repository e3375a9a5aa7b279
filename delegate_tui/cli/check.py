"""``delegate check``, ``delegate rules`` and ``delegate flag ack``: the micromanagement rules."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from delegate_tui.cli import Context, _Parser, output_cache
from delegate_tui.cli.common import _add_common, _pair, _print_json, _table, _text
from delegate_tui.i18n import _
from delegate_tui.model import TEXT_LIMITS, InputError, parse_date
from delegate_tui.text import visible


def add_check(check: argparse.ArgumentParser) -> None:
    """The arguments of ``delegate check``."""
    check.add_argument("--now", metavar="WHEN", help=_("the moment to check at (default: now)"))
    check.add_argument(
        "--fail-on", metavar="SEVERITY", help=_("exit 1 when a flag is at least info, warning or critical")
    )
    check.add_argument("--member", metavar="NAME")
    check.add_argument("--all", action="store_true", help=_("include acknowledged flags"))
    _add_common(check, fmt=("text", "json"))
    check.set_defaults(handler=cmd_check)


def cmd_check(ctx: Context) -> int:
    """Run the micromanagement rules and report the flags; exit 1 at or above ``--fail-on``."""
    from delegate_tui import patterns

    args = ctx.args
    ws = ctx.workspace
    member_id = ws.member_named(args.member).id if args.member else None
    fail_on = patterns.Severity.parse(args.fail_on, "--fail-on") if args.fail_on else None
    events = rule_events(ctx, ctx.now)
    flags = patterns.evaluate(ws, events, ctx.now, include_acknowledged=args.all, member_id=member_id)
    now = ctx.now.isoformat()
    if args.format == "json":
        payload = _print_json({"now": now, "flags": [{**f.model_dump(mode="json"), "task": f.task_id} for f in flags]})
    else:
        print(text := format_flags(flags))
    code = (
        1 if fail_on is not None and any(f.severity.rank >= fail_on.rank and not f.acknowledged for f in flags) else 0
    )
    if output_cache.recording():
        if args.format == "json":  # "now" is the first key: a slot for the replay's moment
            written, head = payload.decode("utf-8"), '{\n  "now": "'
            parts: list[Any] = [head, ("now", "iso"), written[len(head) + len(now) :]]
            output_cache.record_output(ctx, ws, events, parts, payload, code)
        else:
            shown = visible(text, multiline=True) + "\n"  # what print wrote through VisibleWriter
            output_cache.record_output(ctx, ws, events, [shown], shown, code, text=True)
    return code


def rule_events(ctx: Context, now: datetime) -> list[Any]:
    """The events the enabled rules read at ``now``: the recent months, and the task timelines of
    all time (the same flags as every event gives, for a fraction of the reading)."""
    from delegate_tui.patterns.engine import RULE_KINDS, TIMELINE_KINDS, history_start

    return ctx.events(since=history_start(ctx.workspace, now), history=TIMELINE_KINDS, kinds=RULE_KINDS)


def format_flags(flags: Sequence[Any]) -> str:
    """Flags as text grouped by person, control flags first and most severe first, readable at 80 columns."""
    from delegate_tui.patterns.models import CATEGORY_RANK
    from delegate_tui.wrap import wrap  # the standard wrap's lines, faster for thousands of flags

    if not flags:
        return _("No flags: nothing looks like micromanagement right now.")
    groups: dict[str, list[Any]] = {}
    for flag in flags:
        groups.setdefault(flag.member or _("Team"), []).append(flag)
    lines: list[str] = []
    for person, found in groups.items():
        lines.append(_("{person} ({count})").format(person=person, count=len(found)))
        # Control flags first, then growth, then upkeep; each most severe first.
        for flag in sorted(found, key=lambda f: (CATEGORY_RANK[f.category], -f.severity.rank, f.rule, f.id)):
            marker = {"critical": "!!", "warning": "! ", "info": "i "}[flag.severity.value]
            head = f"  {marker} {flag.severity.value.upper():8} {flag.rule} {flag.name}  [{flag.id}]"
            lines.append(head)
            lines += wrap(flag.message, 76, initial_indent="     ", subsequent_indent="     ")
            for item in flag.evidence[:5]:
                lines += wrap(item.text, 76, initial_indent="     - ", subsequent_indent="       ")
            if len(flag.evidence) > 5:
                lines.append("     " + _("... and {count} more").format(count=len(flag.evidence) - 5))
            lines += wrap(
                _("Suggestion: {text}").format(text=flag.suggestion),
                76,
                initial_indent="     ",
                subsequent_indent="     ",
            )
            if flag.acknowledged is not None:
                lines.append("     " + _("Acknowledged: {reason}").format(reason=flag.acknowledged.reason))
        lines.append("")
    return "\n".join(lines).rstrip()


def add_rules(rules: argparse.ArgumentParser) -> None:
    """The arguments of ``delegate rules``."""
    rules.usage = "delegate rules [RULE_ID] | rules set RULE_ID KEY=VALUE | rules off RULE_ID | rules on RULE_ID"
    rules.add_argument("words", metavar="ARGS", nargs="*", help=_("a rule id, or set/off/on and a rule id"))
    _add_common(rules, changes=True, fmt=("text", "json"))
    rules.set_defaults(handler=cmd_rules)


def cmd_rules(ctx: Context) -> int:
    """``rules [RULE_ID]``, ``rules set RULE_ID KEY=VALUE``, ``rules off|on RULE_ID``."""
    words = list(ctx.args.words)
    action = words[0].lower() if words else ""
    expected = {"set": 3, "off": 2, "on": 2}.get(action, 1 if words else 0)
    if len(words) != expected:
        raise InputError(
            _(
                "rules takes no argument (list), a rule id (explain), 'set RULE_ID KEY=VALUE', 'off RULE_ID' "
                "or 'on RULE_ID' (got {words!r})."
            ).format(words=" ".join(words))
        )
    if action == "set":
        return _rules_set(ctx, words[1], words[2])
    if action in ("off", "on"):
        return _rules_toggle(ctx, words[1], enabled=action == "on")
    return _rules_show(ctx, words[0] if words else None)


def _rules_show(ctx: Context, rule_arg: str | None) -> int:
    from delegate_tui import patterns

    args = ctx.args
    settings = ctx.workspace.settings
    if rule_arg:
        rule_id = _rule_id(rule_arg)
        rule = patterns.RULES[rule_id]
        values = patterns.rule_params(settings, rule_id)
        enabled = patterns.rule_enabled(settings, rule_id)
        if args.format == "json":
            _print_json({**rule.model_dump(mode="json"), "enabled": enabled, "settings": values})
            return 0
        import textwrap

        from delegate_tui.patterns.docs import rule_document

        document = rule_document(rule, settings)
        out = [
            _("{id} {name} ({severity}){off}").format(
                id=rule.id, name=rule.name, severity=rule.severity.value, off="" if enabled else _(" - switched off")
            ),
            "",
            *textwrap.wrap(rule.summary, 78),
        ]
        for heading, text in document.sections:
            out += ["", heading, *textwrap.wrap(text, 78, initial_indent="  ", subsequent_indent="  ")]
        if document.settings:
            out += ["", document.settings_heading]
            for line in document.settings:
                out += textwrap.wrap(line, 78, initial_indent="  ", subsequent_indent="    ")
            out.append(document.settings_hint)
        print("\n".join(out))
        return 0
    rows = []
    for rule in patterns.RULES.values():
        enabled = patterns.rule_enabled(settings, rule.id)
        rows.append([rule.id, rule.name, rule.severity.value, _("on") if enabled else _("off"), rule.summary])
    if args.format == "json":
        _print_json(
            {
                "rules": [
                    {"id": r[0], "name": r[1], "severity": r[2], "enabled": r[3] == _("on"), "summary": r[4]}
                    for r in rows
                ]
            }
        )
        return 0
    import textwrap

    lines = _table([r[:4] for r in rows], [_("Rule"), _("Name"), _("Severity"), _("State")]).splitlines()
    out = [lines[0]]
    for line, row in zip(lines[1:], rows):
        out.append(line)
        out += textwrap.wrap(row[4], 76, initial_indent="       ", subsequent_indent="       ")
    out += ["", _("Explain one with: delegate rules RULE_ID")]
    print("\n".join(out))
    return 0


def _rule_id(text: str) -> str:
    from delegate_tui import patterns

    return patterns.lookup_rule(text).id


def _rules_set(ctx: Context, rule_arg: str, setting: str) -> int:
    from delegate_tui import patterns
    from delegate_tui.model import RuleSettings

    rule_id = _rule_id(rule_arg)
    key, value = _pair(setting, "KEY=VALUE")
    number = patterns.validate_rule_setting(rule_id, key, value)

    def change(settings: Any) -> Any:
        current = settings.rules.get(rule_id) or RuleSettings()
        settings.rules[rule_id] = current.model_copy(update={"params": {**current.params, key: number}})
        return settings

    ctx.store.update_settings(change, now=ctx.at)
    from delegate_tui.patterns.text import format_number

    print(_("{rule} {key} is now {value}.").format(rule=rule_id, key=key, value=format_number(number)))
    return 0


def _rules_toggle(ctx: Context, rule_arg: str, *, enabled: bool) -> int:
    from delegate_tui.model import RuleSettings

    rule_id = _rule_id(rule_arg)

    def change(settings: Any) -> Any:
        current = settings.rules.get(rule_id) or RuleSettings()
        settings.rules[rule_id] = current.model_copy(update={"enabled": enabled})
        return settings

    ctx.store.update_settings(change, now=ctx.at)
    if enabled:
        print(_("{rule} is switched on.").format(rule=rule_id))
    else:
        print(_("{rule} is switched off.").format(rule=rule_id))
    return 0


def add_flag(parser: argparse.ArgumentParser) -> None:
    """The actions of ``delegate flag`` and their arguments."""
    flag = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    ack = flag.add_parser("ack", help=_("acknowledge a flag with a reason"))
    ack.add_argument("flag_id", metavar="FLAG_ID")
    ack.add_argument("--reason", metavar="TEXT", required=True)
    ack.add_argument("--until", metavar="DATE", help=_("the flag returns after this date"))
    _add_common(ack, changes=True)
    ack.set_defaults(handler=cmd_flag_ack)


def cmd_flag_ack(ctx: Context) -> int:
    """Acknowledge a flag with a reason; it returns after --until or when its evidence grows."""
    from delegate_tui import patterns
    from delegate_tui.model import FlagAck

    args = ctx.args
    reason = _text(args.reason, "--reason", TEXT_LIMITS["acknowledgement reason"])
    if not reason:
        raise InputError(_("--reason must say why this flag is acknowledged."))
    until = parse_date(args.until, "--until") if args.until else None
    flags = patterns.evaluate(ctx.workspace, rule_events(ctx, ctx.at), ctx.at, include_acknowledged=True)
    matches = [flag for flag in flags if flag.id.casefold() == args.flag_id.strip().casefold()]
    if not matches:
        raise InputError(
            _("There is no current flag {flag!r}; run 'delegate check' to see the flag ids.").format(flag=args.flag_id)
        )
    flag = matches[0]
    ack = FlagAck(
        flag_id=flag.id,
        reason=reason,
        at=ctx.at,
        until=until,
        evidence=[e.ref for e in flag.evidence],
        severity=flag.severity.value,
    )
    ctx.store.acknowledge_flag(ack, now=ctx.at)
    if until is not None:
        print(_("Acknowledged {flag} until {date}.").format(flag=flag.id, date=until.isoformat()))
    else:
        print(_("Acknowledged {flag}; it returns when its evidence grows.").format(flag=flag.id))
    return 0
