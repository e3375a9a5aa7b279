"""``delegate agreement set | show``: trust agreements."""

from __future__ import annotations

import argparse
import shlex
from datetime import date
from typing import Any

from delegate_tui.cli import Context, _Parser
from delegate_tui.cli.common import (
    _add_common,
    _add_context_options,
    _context,
    _pair,
    _positive_int,
    _print_json,
    _reason,
    _table,
    _text,
)
from delegate_tui.i18n import _
from delegate_tui.localtime import local_day, local_zone
from delegate_tui.model import (
    TEXT_LIMITS,
    AgreementTerms,
    AreaAgreement,
    DelegationLevel,
    InputError,
    Readiness,
    Workspace,
    cadence_label,
    parse_cadence,
    parse_date,
)
from delegate_tui.model.goals import goal_problem


def add_agreement(parser: argparse.ArgumentParser) -> None:
    """The actions of ``delegate agreement`` and their arguments."""
    agreement = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    setter = agreement.add_parser("set", help=_("create or revise a member's agreement (a new version)"))
    setter.add_argument("name", metavar="NAME")
    setter.add_argument("--area", metavar="AREA=LEVEL", action="append")
    setter.add_argument("--desired", metavar="AREA=LEVEL[@DATE]", action="append")
    setter.add_argument("--readiness", metavar="AREA=D1..D4", action="append", help=_("your assessment"))
    setter.add_argument("--self-readiness", metavar="AREA=D1..D4", action="append", help=_("the member's own view"))
    setter.add_argument(
        "--check-in", metavar="CADENCE", help=_("daily, twice-weekly, weekly, biweekly, monthly, on-request or N days")
    )
    setter.add_argument("--review-every", metavar="DAYS")
    setter.add_argument("--reviewed", metavar="WHEN", help=_("record a review of the agreement"))
    setter.add_argument("--growth", metavar="TEXT", action="append", help=_("add a growth goal"))
    setter.add_argument("--guardrail", metavar="TEXT", action="append", help=_("add a guardrail"))
    setter.add_argument("--channel", metavar="TEXT")
    setter.add_argument("--support", metavar="TEXT")
    setter.add_argument("--acknowledged", action="store_true", help=_("the member has acknowledged this new version"))
    _add_context_options(setter)
    _add_common(setter, changes=True)
    setter.set_defaults(handler=cmd_agreement_set)
    show = agreement.add_parser("show", help=_("show a member's agreement"))
    show.add_argument("name", metavar="NAME")
    _add_common(show, fmt=("text", "json"))
    show.set_defaults(handler=cmd_agreement_show)


def _apply_agreement_options(
    ws: Workspace, terms: AgreementTerms, args: argparse.Namespace, today: date
) -> AgreementTerms:
    levels = {area_id: entry.model_copy() for area_id, entry in terms.levels.items()}
    touched: set[int] = set()
    for text in args.area or []:
        name, value = _pair(text, "--area")
        area = ws.area_named(name)
        level = DelegationLevel.parse(value, f"--area {area.name}")
        touched.add(area.id)
        levels[area.id] = (levels[area.id] if area.id in levels else AreaAgreement(level=level)).model_copy(
            update={"level": level}
        )

    def entry_for(name: str, option: str) -> tuple[int, AreaAgreement]:
        area = ws.area_named(name)
        if area.id not in levels:
            raise InputError(
                _("{option}: set a level for {area} first with --area '{area}=LEVEL'.").format(
                    option=option, area=area.name
                )
            )
        return area.id, levels[area.id]

    for text in args.desired or []:
        name, value = _pair(text, "--desired")
        area_id, entry = entry_for(name, "--desired")
        level_text, _sep, by_text = value.partition("@")
        desired = DelegationLevel.parse(level_text, "--desired")
        by = parse_date(by_text, "--desired date") if by_text else None
        levels[area_id] = entry.model_copy(update={"desired": desired, "desired_by": by})
        touched.add(area_id)
    # Checked only where this command sets a level or a goal: an old goal whose date has passed
    # does not block changing the cadence.
    for area_id in sorted(touched):
        entry = levels[area_id]
        problem = goal_problem(ws.areas[area_id].name, entry.level, entry.desired, entry.desired_by, today)
        if problem is not None:
            raise InputError(_("--desired: {problem}").format(problem=problem))
    for option, field, values in (
        ("--readiness", "readiness", args.readiness),
        ("--self-readiness", "self_readiness", args.self_readiness),
    ):
        for text in values or []:
            name, value = _pair(text, option)
            area_id, entry = entry_for(name, option)
            levels[area_id] = entry.model_copy(update={field: Readiness.parse(value, option)})
    update: dict[str, Any] = {"levels": levels}
    if args.check_in:
        update["cadence"] = parse_cadence(args.check_in, "--check-in")
    if args.review_every:
        update["review_every_days"] = _positive_int(args.review_every, "--review-every", low=1, high=3650)
    if args.growth:
        goals = [g for g in (_text(text, "--growth", TEXT_LIMITS["growth goal"]) for text in args.growth) if g]
        update["growth_goals"] = [*terms.growth_goals, *[g for g in goals if g not in terms.growth_goals]]
    if args.guardrail:
        rails = [g for g in (_text(text, "--guardrail", TEXT_LIMITS["guardrail"]) for text in args.guardrail) if g]
        update["guardrails"] = [*terms.guardrails, *[g for g in rails if g not in terms.guardrails]]
    if args.channel is not None:
        update["channel"] = _text(args.channel, "--channel", TEXT_LIMITS["channel"]) or ""
    if args.support is not None:
        update["support"] = _text(args.support, "--support", TEXT_LIMITS["support"]) or ""
    if args.acknowledged:
        update["acknowledged"] = True
    return AgreementTerms.model_validate({**dict(terms), **update})


def cmd_agreement_set(ctx: Context) -> int:
    """Create or revise a member's trust agreement."""
    args = ctx.args
    ws = ctx.workspace
    member = ws.member_named(args.name)
    reviewed = ctx.moment(args.reviewed, "--reviewed") if args.reviewed else None
    reason, context = _reason(args.reason), _context(args.context)
    today = local_day(ctx.now, local_zone(ws))
    # The options are applied to the terms read under the lock, not to those read above: another
    # process may have changed the agreement in between, and its change must survive. A new
    # version is acknowledged only when --acknowledged says the member saw this very version.
    saved = ctx.store.set_agreement(
        member.id,
        lambda terms: _apply_agreement_options(ws, terms, args, today),
        now=ctx.at,
        reviewed=reviewed,
        context=context,
        acknowledged=bool(args.acknowledged),
        reason=reason,
    )
    agreement = saved.agreement
    if not saved.changed:
        print(_("The agreement with {name} already says this; nothing changed.").format(name=member.name))
    else:
        print(
            _("Saved version {version} of the agreement with {name}.").format(
                version=agreement.version, name=member.name
            )
        )
    return 0


def agreement_document(ws: Workspace, member_id: int) -> dict[str, Any]:
    """A member's agreement as JSON-ready data with area and level names."""
    agreement = ws.agreements[member_id]

    def levels(entries: dict[int, AreaAgreement]) -> list[dict[str, Any]]:
        return [
            {
                "area": ws.area_name(area_id),
                "level": int(entry.level),
                "level_name": entry.level.label,
                "desired": int(entry.desired) if entry.desired else None,
                "desired_name": entry.desired.label if entry.desired else None,
                "desired_by": entry.desired_by.isoformat() if entry.desired_by else None,
                "readiness": entry.readiness.value if entry.readiness else None,
                "self_readiness": entry.self_readiness.value if entry.self_readiness else None,
            }
            for area_id, entry in sorted(entries.items(), key=lambda item: ws.area_name(item[0]).casefold())
        ]

    return {
        "member": ws.members[member_id].name,
        "version": agreement.version,
        "changed_at": agreement.changed_at.isoformat(),
        "levels": levels(agreement.levels),
        "cadence": agreement.cadence,
        "channel": agreement.channel,
        "support": agreement.support,
        "guardrails": agreement.guardrails,
        "growth_goals": agreement.growth_goals,
        "review_every_days": agreement.review_every_days,
        "last_review": agreement.last_review.isoformat() if agreement.last_review else None,
        "acknowledged": agreement.acknowledged,
        "history": [
            {
                "version": v.version,
                "changed_at": v.changed_at.isoformat(),
                "levels": levels(v.levels),
                "cadence": v.cadence,
            }
            for v in agreement.history
        ],
    }


def cmd_agreement_show(ctx: Context) -> int:
    """Show a member's trust agreement."""
    ws = ctx.workspace
    try:
        member = ws.member_named(ctx.args.name)
    except InputError as not_on_team:
        # A member who left: their agreement is kept as it was, shown on request (and said so).
        ws = ctx.everything
        try:
            member = ws.archived_member_named(ctx.args.name)
        except InputError:
            raise not_on_team from None  # the team's message (with its "did you mean")
    if member.id not in ws.agreements:
        raise InputError(
            _(
                "{name} has no trust agreement yet; create one with: delegate agreement set '{name}' --area AREA=LEVEL"
            ).format(name=member.name)
        )
    doc = agreement_document(ws, member.id)
    if member.archived_at is not None:
        doc["archived_at"] = member.archived_at.isoformat()
    if ctx.args.format == "json":
        _print_json(doc)
        return 0
    agreement = ws.agreements[member.id]
    lines = [
        _("Trust agreement with {name}, version {version} ({date}).").format(
            name=member.name, version=agreement.version, date=agreement.changed_at.date().isoformat()
        ),
        "",
    ]
    if member.archived_at is not None:
        lines[1:1] = [
            _("{name} is archived (since {date}); bring them back with: delegate member restore {quoted}").format(
                name=member.name, date=member.archived_at.date().isoformat(), quoted=shlex.quote(member.name)
            )
        ]
    rows = []
    for entry in doc["levels"]:
        desired = ""
        if entry["desired"]:
            desired = f"{entry['desired']} {entry['desired_name']}"
            if entry["desired_by"]:
                desired = _("{level} by {date}").format(level=desired, date=entry["desired_by"])
        rows.append(
            [
                entry["area"],
                f"{entry['level']} {entry['level_name']}",
                desired,
                entry["readiness"] or "",
                entry["self_readiness"] or "",
            ]
        )
    if rows:
        lines.append(_table(rows, [_("Area"), _("Level"), _("Desired"), _("Readiness"), _("Self")]))
    else:
        lines.append(_("No decision areas agreed yet."))
    lines.append("")
    never = _("never")
    details = [
        (_("Check-ins"), cadence_label(agreement.cadence)),
        (_("Channel"), agreement.channel or "-"),
        (_("Support"), agreement.support or "-"),
        # One item per line: items are sentences, and "; " glued them into ".;".
        (_("Guardrails"), "\n".join(agreement.guardrails) or "-"),
        (_("Growth goals"), "\n".join(agreement.growth_goals) or "-"),
        (_("Review every"), _("{days} days").format(days=agreement.review_every_days)),
        (_("Last review"), agreement.last_review.isoformat() if agreement.last_review else never),
        (_("Acknowledged"), _("yes") if agreement.acknowledged else _("no")),
        (_("Earlier versions"), str(len(agreement.history))),
    ]
    width = max(len(label) for label, _value in details)
    for label, value in details:
        first, *more = value.split("\n")
        lines.append(f"{label.ljust(width)}  {first}")
        lines += [f"{'':{width}}  {line}" for line in more]
    print("\n".join(lines))
    return 0
