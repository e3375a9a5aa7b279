"""The flag list's rows and the selected flag's details: how a flag reads on the flags screen
(and, through :func:`severity_name` and :func:`severity_count`, on the team list and member page)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content

from delegate_tui.i18n import _, ngettext
from delegate_tui.patterns import RULES, Flag, Severity
from delegate_tui.patterns.docs import rule_document
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.screens.task_table import Column, Row
from delegate_tui.screens.widgets import fit_name, plain
from delegate_tui.text import visible

MARKERS: dict[Severity, str] = {Severity.CRITICAL: "!!", Severity.WARNING: "!", Severity.INFO: "i"}
"""A text marker per severity, so the list reads without colour."""
ACK_MARKER = "✓"
SHORT_NAME = 10
"""Grouped by severity, a row names the person in this many characters at most: "Diego F."."""


def severity_name(severity: Severity) -> str:
    """The severity as a word."""
    return {Severity.CRITICAL: _("critical"), Severity.WARNING: _("warning"), Severity.INFO: _("info")}[severity]


def severity_count(severity: Severity, count: int) -> str:
    """ "2 warnings": a number of flags of one severity, in the plural form its language needs."""
    if severity is Severity.CRITICAL:
        return ngettext("{count} critical", "{count} critical", count).format(count=count)
    if severity is Severity.WARNING:
        return ngettext("{count} warning", "{count} warnings", count).format(count=count)
    return ngettext("{count} info", "{count} info", count).format(count=count)


def flag_columns() -> list[Column]:
    """The columns of the flag list."""
    return [
        Column("severity", _("!"), minimum=2, ideal=2),
        Column("rule", _("Rule"), minimum=5, ideal=5),
        Column("message", _("Flag"), minimum=10, ideal=30, flex=True, cut="words"),
    ]


def flag_title(flag: Flag) -> str:
    """A flag in a few words, for the list: its rule's name and what it is about ("decision-overridden
    · task #14"); short enough to read whole beside the details, which hold the full message."""
    if flag.task_id is not None:
        return _("{name} · task #{task}").format(name=flag.name, task=flag.task_id)
    if flag.area:
        return _("{name} · {area}").format(name=flag.name, area=flag.area)
    return flag.name


def severity_row_text(flag: Flag, width: int | None) -> str:
    """Grouped by severity, a flag's row names its person too, as much as fits in ``width``:
    "Diego Fernández: decision-overridden · task #14", else the name as "Diego F.", else without
    the subject ("Diego F.: decision-overridden"); the details hold the rest. Without a width
    (not laid out yet) the short name."""
    title = flag_title(flag)
    if not flag.member:
        return title
    short = fit_name(flag.member, SHORT_NAME)
    texts = [
        _("{member}: {message}").format(member=member, message=message)
        for member, message in ((visible(flag.member), title), (short, title), (short, flag.name))
    ]
    if width is None:
        return texts[1]
    return next((text for text in texts if cell_len(text) <= width), texts[-1])


def group_rows(flags: list[Flag], by: str, width: int | None = None) -> list[Row]:
    """The list rows: a heading per group (not selectable), then its flags; ``width`` is the
    message column's (:func:`severity_row_text`).

    ``by="person"``: team-wide flags first, then each member by name (the engine's order),
    most severe first within a person. ``by="severity"``: critical, warning, info.
    Row keys are positions in ``flags``; headings get negative keys.
    """
    groups: dict[str, list[int]] = {}
    if by == "severity":
        for severity in (Severity.CRITICAL, Severity.WARNING, Severity.INFO):
            groups[
                _("{severity} ({marker})").format(
                    severity=severity_name(severity).capitalize(), marker=MARKERS[severity]
                )
            ] = []
        names = {
            severity: title for severity, title in zip((Severity.CRITICAL, Severity.WARNING, Severity.INFO), groups)
        }
        for position, flag in enumerate(flags):
            groups[names[flag.severity]].append(position)
    else:
        for position, flag in enumerate(flags):
            title = flag.member if flag.member_id is not None and flag.member else _("The whole team")
            groups.setdefault(title, []).append(position)
        for members in groups.values():
            members.sort(key=lambda p: -flags[p].severity.rank)
    rows: list[Row] = []
    heading_key = -1
    for title, positions in groups.items():
        if not positions:
            continue
        rows.append(
            Row(
                key=heading_key,
                cells=("", "", _("{group} · {count}").format(group=title, count=len(positions))),
                row_style="task-table--group",
                selectable=False,
            )
        )
        heading_key -= 1
        for position in positions:
            flag = flags[position]
            acknowledged = flag.acknowledged is not None
            marker = ACK_MARKER if acknowledged else MARKERS[flag.severity]
            text = flag_title(flag)
            if by == "severity":
                text = severity_row_text(flag, width)
            rows.append(
                Row(
                    key=position,
                    cells=(marker, flag.rule, text),
                    styles=(f"task-table--{flag.severity.value}", None, None),
                    row_style="task-table--acknowledged" if acknowledged else None,
                )
            )
    return rows


def flag_details(flag: Flag, data: WorkspaceData) -> Content:
    """Everything about one flag: what, evidence, suggestion, the rule's docs (user text shown literally)."""
    rule = RULES.get(flag.rule)
    title = _("{marker} {severity} · {rule} {name}").format(
        marker=MARKERS[flag.severity], severity=severity_name(flag.severity), rule=flag.rule, name=flag.name
    )
    lines: list[Content | str] = [plain(title, "bold")]
    about = []
    if flag.member:
        about.append(_("about {member}").format(member=flag.member))
    if flag.task_id is not None:
        about.append(_("task #{id}").format(id=flag.task_id))
    if flag.area:
        about.append(_("area {area}").format(area=flag.area))
    if about:
        lines.append(plain(" · ".join(about)))
    lines.append(plain(_("flag id {id}").format(id=flag.id), "dim"))
    lines += ["", plain(flag.message)]
    if flag.acknowledged is not None:
        ack = flag.acknowledged
        if ack.until is not None:
            text = _("Acknowledged on {date} until {until}: {reason}").format(
                date=ack.at.date().isoformat(), until=ack.until.isoformat(), reason=ack.reason
            )
        else:
            text = _("Acknowledged on {date}: {reason}").format(date=ack.at.date().isoformat(), reason=ack.reason)
        lines += ["", plain(ACK_MARKER + " " + text, "italic")]
    lines += ["", plain(_("Evidence"), "bold")]
    if not flag.evidence:
        lines.append(plain(_("(none recorded)")))
    for item in flag.evidence:
        when = item.at.date().isoformat() if item.at is not None else ""
        if not when or item.text.startswith(when):
            lines.append(plain(item.text))
        else:
            lines.append(plain(_("{date}  {text}").format(date=when, text=item.text)))
    lines += ["", plain(_("Suggestion"), "bold"), plain(flag.suggestion)]
    if rule is not None:
        document = rule_document(rule, data.workspace.settings)
        lines += [
            "",
            plain(_("About {rule} {name}").format(rule=rule.id, name=rule.name), "bold"),
            plain(rule.summary),
        ]
        for heading, text in document.sections:
            lines += ["", plain(heading, "bold"), plain(text)]
        if document.settings:
            lines += ["", plain(document.settings_heading, "bold")]
            lines += [plain(line) for line in document.settings]
            lines.append(plain(document.settings_hint, "dim"))
    if flag.acknowledged is None:
        lines += ["", plain(_("Press a to acknowledge this flag with a reason."), "dim")]
    return Content("\n").join(lines)
