"""The summary as Markdown, with user text escaped so the document renders what was typed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from delegate_tui.i18n import _, ngettext
from delegate_tui.summary.document import PRIVATE_WINDOW_DAYS, FlagSummary, LevelRef, MemberSummary, Summary
from delegate_tui.text import visible

_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]|~#])")
"""Characters that would start emphasis, code, a link or image, a table cell, strikethrough or
close a heading; each is escaped with a backslash, which CommonMark allows before any punctuation."""

_BLOCK_START = re.compile(r"^([-+=]|[0-9]{1,9}(?=[.)]))")
"""What would make the start of a list item a nested list, an ordered list or a setext underline."""


def _cell(text: object) -> str:
    """User text safe inside a Markdown table cell: one line, control characters visible, HTML and
    Markdown syntax escaped, so the document renders what was typed."""
    flat = visible(" ".join(str(text).split()))
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SYNTAX.sub(r"\\\1", flat)


def _inline(text: object) -> str:
    """User text on one Markdown line, escaped as in a table cell; a leading ``-``, ``+``, ``=`` or
    ``1.`` is escaped too, since the text may start a list item."""
    escaped = _cell(text)
    found = _BLOCK_START.match(escaped)
    if found is None:
        return escaped
    if found.group().isdigit():
        end = found.end()
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _h in headers) + "|"]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def _show(level: LevelRef | None) -> str:
    return "" if level is None else f"{level.number} {level.name}"


def _day(moment: datetime | date | None) -> str:
    if moment is None:
        return ""
    return (moment.date() if isinstance(moment, datetime) else moment).isoformat()


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _md_flags(flags: Sequence[FlagSummary], heading: str) -> list[str]:
    lines = [heading, ""]
    if not flags:
        return [*lines, _("No flags."), ""]
    for flag in flags:
        lines.append(
            _("- **{rule} {name}** ({severity}): {message}").format(
                rule=flag.rule, name=flag.name, severity=flag.severity.value, message=_inline(flag.message)
            )
        )
        for item in flag.evidence:
            lines.append(_("  - Evidence: {text}").format(text=_inline(item.text)))
        lines.append(_("  - Suggestion: {suggestion}").format(suggestion=_inline(flag.suggestion)))
    lines.append("")
    return lines


def _md_member(member: MemberSummary, include_private: bool) -> list[str]:
    heading = f"## {_inline(member.name)}" + (f" ({_inline(member.role)})" if member.role else "")
    lines = [heading, ""]
    if member.since is not None:
        lines += [_("On the team since {date}.").format(date=member.since.isoformat()), ""]
    agreement = member.agreement
    lines += ["### " + _("Trust agreement"), ""]
    if agreement is None:
        lines += [_("No trust agreement yet."), ""]
    else:
        lines += [
            _("- Version {version} of {date}, acknowledged: {acknowledged}").format(
                version=agreement.version, date=_day(agreement.changed_at), acknowledged=_yes(agreement.acknowledged)
            ),
            _("- Check-ins: {cadence}").format(cadence=_inline(agreement.cadence_label)),
        ]
        if agreement.channel:
            lines.append(_("- Channel: {channel}").format(channel=_inline(agreement.channel)))
        if agreement.support:
            lines.append(_("- Support: {support}").format(support=_inline(agreement.support)))
        last = _day(agreement.last_review) or _("never")
        review = _("- Review every {days} days; last review: {last}; next review due: {due}").format(
            days=agreement.review_every_days, last=last, due=agreement.next_review_due.isoformat()
        )
        lines.append(review + (_(" (overdue)") if agreement.review_overdue else ""))
        lines.append("")
        if agreement.areas:
            lines += _table(
                [_("Decision area"), _("Level"), _("Desired"), _("By"), _("Readiness (manager / own)")],
                [
                    [
                        area.area,
                        _show(area.level),
                        _show(area.desired),
                        _day(area.desired_by),
                        f"{area.readiness.manager.value if area.readiness.manager else '-'} / "
                        f"{area.readiness.member.value if area.readiness.member else '-'}",
                    ]
                    for area in agreement.areas
                ],
            )
            lines.append("")
        for title, items in ((_("Growth goals"), agreement.growth_goals), (_("Guardrails"), agreement.guardrails)):
            if items:
                lines += [f"**{title}**", "", *(f"- {_inline(item)}" for item in items), ""]
    lines += ["### " + _("Open tasks"), ""]
    if member.open_tasks:
        lines += _table(
            ["#", _("Title"), _("Decision area"), _("Level"), _("Status"), _("Due")],
            [
                [task.id, task.title, task.area or "", _show(task.level), task.status.label, _day(task.due)]
                for task in member.open_tasks
            ],
        )
        lines.append("")
    else:
        lines += [_("No open tasks."), ""]
    m = member.metrics
    cadence = (
        _("{count:.2f} a week (the cadence allows {allowed:.2f})").format(
            count=m.checkins_per_week, allowed=m.cadence_per_week
        )
        if m.cadence_per_week is not None
        else _("{count:.2f} a week").format(count=m.checkins_per_week)
    )
    lines += [
        "### " + _("Metrics"),
        "",
        _("- Autonomy index: {value:.2f}").format(value=m.autonomy_index),
        ngettext(
            "- {count} check-in in the last 28 days, {per_week}",
            "- {count} check-ins in the last 28 days, {per_week}",
            m.checkins_last_28_days,
        ).format(count=m.checkins_last_28_days, per_week=cadence),
        _("- Check-ins per week, last 12 weeks: {series}").format(series=" ".join(map(str, m.weekly_checkins))),
        "",
    ]
    lines += _md_flags(member.flags, "### " + _("Flags"))
    if include_private and member.recent_events is not None:
        lines += ["### " + _("Private notes"), ""]
        noted = [event for event in member.recent_events if event.note or event.reason]
        if not noted:
            lines += [_("No notes in the last {days} days.").format(days=PRIVATE_WINDOW_DAYS), ""]
        for event in noted:
            text = "; ".join(_inline(t) for t in (event.note, event.reason) if t)
            lines.append(f"- {_day(event.at)} {event.kind.value}: {text}")
        if noted:
            lines.append("")
    return lines


def summary_markdown(summary: Summary) -> str:
    """The summary as Markdown for meeting notes: the level table, team totals, a section per member."""
    if summary.scope == "member" and summary.members:
        title = _("# Delegation summary: {name}").format(name=_inline(summary.members[0].name))
    else:
        title = _("# Delegation summary: {manager}'s team").format(manager=_inline(summary.team.manager))
    lines = [
        title,
        "",
        _("As of {now} (generated {generated}). Manager: {manager}; team of {size}.").format(
            now=summary.now.strftime("%Y-%m-%d %H:%M UTC"),
            generated=summary.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
            manager=_inline(summary.team.manager),
            size=summary.team.size,
        ),
        "",
        "## " + _("Delegation levels"),
        "",
        *_table(
            ["#", _("Level"), _("Who decides"), _("Meaning")],
            [[level.number, level.name, level.who_decides, level.meaning] for level in summary.levels],
        ),
        "",
    ]
    totals = summary.totals
    lines += ["## " + _("Totals"), ""]
    lines.append(_("- Members: {count}").format(count=totals.members))
    lines.append(_("- Open tasks: {count}").format(count=totals.open_tasks))
    if totals.manager_share_open is not None:
        lines.append(
            _("- Held by the manager: {count} ({share:.0%})").format(
                count=totals.manager_open_tasks, share=totals.manager_share_open
            )
        )
    lines.append(_("- Autonomy index: {value:.2f}").format(value=totals.autonomy_index))
    lines.append(
        _("- Flags: {count} ({critical} critical, {warning} warning, {info} info)").format(
            count=totals.flags,
            critical=totals.flags_by_severity.critical,
            warning=totals.flags_by_severity.warning,
            info=totals.flags_by_severity.info,
        )
    )
    lines.append("")
    lines += _table(
        [_("Level"), _("Open tasks")],
        [[f"{row.number} {row.name}", row.open_tasks] for row in totals.level_distribution],
    )
    lines.append("")
    if summary.scope == "team":
        lines += _md_flags(summary.team_flags, "## " + _("Team flags"))
    for member in summary.members:
        lines += _md_member(member, summary.include_private)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
