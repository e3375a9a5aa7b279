"""The sample team as data: its people, decision areas, trust agreements and four months of story.

:mod:`delegate_tui.demo.play` plays this out into a workspace and its events. Days are counted from
the ``now`` the sample is made for: ``days_ago`` back, or ``due_in`` / ``by`` ahead (negative: in the
past). Text a user reads goes through ``_()`` here, so that it is translated like any other sentence.
"""

from __future__ import annotations

from typing import Any

from delegate_tui.i18n import _
from delegate_tui.model import MANAGER

# Sample ids, so the story below reads as names rather than numbers.
HIRING, TOOLING, RELEASE, BUDGET, ESCALATIONS = 1, 2, 3, 4, 5
PRIYA, AIKO, JONAS, DIEGO, FATIMA, TOMASZ, LENA, KWAME = 1, 2, 3, 4, 5, 6, 7, 8

SAMPLE_FLAGS: dict[int, set[str]] = {
    PRIYA: set(),
    AIKO: set(),
    JONAS: {"MM001"},
    DIEGO: {"MM002"},
    FATIMA: {"MM004"},
    TOMASZ: {"MM006"},
    LENA: {"MM009"},
    KWAME: {"MM013", "MM014"},
}
"""The rules the sample is designed to trip, per member (empty: a healthy delegation)."""

MANAGER_NAME = "Sam Rivera"

PEOPLE: tuple[tuple[int, str, str, int], ...] = (
    (PRIYA, "Priya Natarajan", _("Staff Engineer"), -2200),
    (AIKO, "Aiko Tanaka", _("Product Designer"), -940),
    (JONAS, "Jonas Lindqvist", _("Backend Engineer"), -1300),
    (DIEGO, "Diego Fernández", _("Site Reliability Engineer"), -1500),
    (FATIMA, "Fatima Al-Sayed", _("QA Lead"), -700),
    (TOMASZ, "Tomasz Kowalski", _("Platform Engineer"), -1100),
    (LENA, "Lena Fischer", _("Support Engineer"), -800),
    (KWAME, "Kwame Mensah", _("Junior Engineer"), -55),
)
"""Each member: id, name, role, and the day they joined (days from today)."""

AWAY: dict[int, tuple[tuple[int, int, str], ...]] = {
    AIKO: ((-30, -24, _("Autumn holiday.")),),
}
"""Periods away: first and last day (days from today) and the reason."""

AREAS: tuple[tuple[int, str, str], ...] = (
    (HIRING, _("Hiring"), _("Who joins the team: job descriptions, interview loops and offers.")),
    (TOOLING, _("Tooling"), _("The tools, libraries and services the team builds with.")),
    (RELEASE, _("Release to production"), _("When and how changes go live, and when to roll back.")),
    (BUDGET, _("Budget up to 1k"), _("Spending up to 1,000 without asking finance.")),
    (ESCALATIONS, _("Customer escalations"), _("How urgent customer problems are answered and fixed.")),
)
"""The decision areas: id, name, description."""

WEEKLY_1ON1 = _("A weekly 1:1, and Slack for anything urgent.")

Version = tuple[tuple[int, int | None], dict[str, Any]]
"""One version of an agreement: when it was made (days ago, and the hour or None for any), and its
terms as :class:`~delegate_tui.model.AgreementTerms` fields. ``levels`` maps an area to its level,
readiness and the member's own readiness, optionally followed by the desired level and the day it
is due by (days from today); ``last_review`` is days from today."""

AGREEMENTS: dict[int, tuple[Version, ...]] = {
    PRIYA: (
        (
            (430, None),
            {
                "levels": {
                    HIRING: (4, "D3", "D3"),
                    TOOLING: (5, "D4", "D4"),
                    RELEASE: (5, "D4", "D4"),
                    BUDGET: (3, "D2", "D3"),
                    ESCALATIONS: (4, "D3", "D3"),
                },
                "cadence": "weekly",
                "channel": WEEKLY_1ON1,
                "support": _("Air cover with other teams, and budget questions answered within a day."),
                "guardrails": [_("Escalate any spend over 1k.")],
                "growth_goals": [_("Lead hiring for the platform team.")],
                "last_review": -430,
                "acknowledged": True,
            },
        ),
        (
            (220, None),
            {
                "levels": {
                    HIRING: (5, "D4", "D4"),
                    TOOLING: (6, "D4", "D4"),
                    RELEASE: (6, "D4", "D4"),
                    BUDGET: (4, "D3", "D3"),
                    ESCALATIONS: (5, "D4", "D3"),
                },
                "cadence": "biweekly",
                "channel": _("A 1:1 every other Tuesday; Slack in between."),
                "support": _("Air cover with other teams, and budget questions answered within a day."),
                "guardrails": [_("Escalate any spend over 1k.")],
                "growth_goals": [_("Lead hiring for the platform team.")],
                "last_review": -220,
                "acknowledged": True,
            },
        ),
        (
            (35, 11),
            {
                "levels": {
                    HIRING: (5, "D4", "D4", 6, 120),
                    TOOLING: (6, "D4", "D4"),
                    RELEASE: (6, "D4", "D4"),
                    BUDGET: (4, "D3", "D3", 5, 90),
                    ESCALATIONS: (5, "D4", "D3"),
                },
                "cadence": "monthly",
                "channel": _("A monthly 1:1; Slack whenever she wants a second opinion."),
                "support": _("Air cover with other teams, and budget questions answered within a day."),
                "guardrails": [_("Escalate any spend over 1k."), _("Tell me before a release is rolled back.")],
                "growth_goals": [
                    _("Grow into the technical lead of the platform group."),
                    _("Own the backend hiring loop end to end."),
                ],
                "last_review": -35,
                "acknowledged": True,
            },
        ),
    ),
    AIKO: (
        (
            (200, None),
            {
                "levels": {
                    HIRING: (3, "D2", "D2"),
                    TOOLING: (4, "D3", "D3"),
                    BUDGET: (3, "D2", "D2"),
                    ESCALATIONS: (4, "D3", "D3"),
                },
                "cadence": "weekly",
                "channel": WEEKLY_1ON1,
                "support": _("A design review slot with me whenever she asks for one."),
                "growth_goals": [_("Run design critiques for the whole product team.")],
                "last_review": -200,
                "acknowledged": True,
            },
        ),
        (
            (110, 11),
            {
                "levels": {
                    HIRING: (4, "D3", "D3", 5, 150),
                    TOOLING: (5, "D4", "D4"),
                    BUDGET: (3, "D2", "D3"),
                    ESCALATIONS: (4, "D3", "D4"),
                },
                "cadence": "biweekly",
                "channel": _("A 1:1 every other Thursday; Slack in between."),
                "support": _("A design review slot with me whenever she asks for one."),
                "growth_goals": [_("Run design critiques for the whole product team.")],
                "last_review": -110,
                "acknowledged": True,
            },
        ),
        (
            (20, 11),
            {
                "levels": {
                    HIRING: (4, "D3", "D3", 5, 150),
                    TOOLING: (5, "D4", "D4"),
                    BUDGET: (4, "D3", "D3", 5, 60),
                    ESCALATIONS: (4, "D3", "D3"),
                },
                "cadence": "biweekly",
                "channel": _("A 1:1 every other Thursday; Slack in between."),
                "support": _("A design review slot with me whenever she asks for one."),
                "guardrails": [_("Design-tool spend over 1k goes through me.")],
                "growth_goals": [
                    _("Run design critiques for the whole product team."),
                    _("Take over the design-tools budget."),
                ],
                "last_review": -20,
                "acknowledged": True,
            },
        ),
    ),
    JONAS: (
        (
            (50, 11),
            {
                "levels": {
                    HIRING: (3, "D2", "D2"),
                    TOOLING: (4, "D3", "D3"),
                    RELEASE: (4, "D3", "D3", 5, 100),
                    ESCALATIONS: (3, "D2", "D2"),
                },
                "cadence": "weekly",
                "channel": WEEKLY_1ON1,
                "support": _("Pairing with Priya on search internals when he asks."),
                "guardrails": [_("Customer-facing changes go through the release checklist.")],
                "growth_goals": [_("Own the search platform end to end.")],
                "last_review": -50,
                "acknowledged": True,
            },
        ),
    ),
    DIEGO: (
        (
            (60, 11),
            {
                "levels": {
                    HIRING: (3, "D2", "D2"),
                    TOOLING: (5, "D4", "D4"),
                    RELEASE: (5, "D4", "D4"),
                    BUDGET: (3, "D2", "D2", 4, 90),
                    ESCALATIONS: (5, "D3", "D3"),
                },
                "cadence": "weekly",
                "channel": WEEKLY_1ON1,
                "support": _("Backing in incident reviews, and time to fix what they find."),
                "guardrails": [_("Database upgrades need a tested rollback plan.")],
                "growth_goals": [_("Lead the incident-review practice."), _("Coach Kwame on on-call.")],
                "last_review": -60,
                "acknowledged": True,
            },
        ),
    ),
    FATIMA: (
        (
            (45, 11),
            {
                "levels": {
                    HIRING: (3, "D2", "D2"),
                    TOOLING: (4, "D3", "D3"),
                    RELEASE: (4, "D3", "D3", 5, 75),
                    BUDGET: (2, "D1", "D2"),
                    ESCALATIONS: (4, "D3", "D3"),
                },
                "cadence": "weekly",
                "channel": WEEKLY_1ON1,
                "support": _("A say in the release calendar, and a budget line for test devices."),
                "guardrails": [_("No release goes out with a failing smoke test.")],
                "growth_goals": [_("Make release testing fully automated.")],
                "last_review": -45,
                "acknowledged": True,
            },
        ),
    ),
    TOMASZ: (
        (
            (70, 11),
            {
                "levels": {
                    HIRING: (3, "D2", "D2"),
                    TOOLING: (3, "D4", "D4"),
                    RELEASE: (4, "D3", "D3", 5, 90),
                    BUDGET: (3, "D2", "D2"),
                    ESCALATIONS: (4, "D3", "D3"),
                },
                "cadence": "biweekly",
                "channel": _("A 1:1 every other Monday."),
                "support": _("Time set aside for platform work every sprint."),
                "guardrails": [_("Changes to the build servers are announced a day ahead.")],
                "growth_goals": [_("Lead the move from Jenkins to hosted CI.")],
                "last_review": -70,
                "acknowledged": True,
            },
        ),
    ),
    LENA: (
        (
            (250, 11),
            {
                "levels": {
                    TOOLING: (4, "D3", "D3"),
                    RELEASE: (3, "D2", "D2"),
                    BUDGET: (3, "D2", "D2"),
                    ESCALATIONS: (5, "D4", "D4", 6, 100),
                },
                "cadence": "weekly",
                "channel": WEEKLY_1ON1,
                "support": _("A direct line to engineering for priority-one tickets."),
                "guardrails": [_("Refunds over 500 need my sign-off.")],
                "growth_goals": [_("Build a self-service help centre.")],
                "last_review": -250,
                "acknowledged": False,
            },
        ),
    ),
    KWAME: (
        (
            (55, 11),
            {
                "levels": {
                    TOOLING: (2, "D1", "D2"),
                    RELEASE: (1, "D1", "D1"),
                    BUDGET: (1, "D1", "D1"),
                    ESCALATIONS: (1, "D1", "D2"),
                },
                "cadence": "daily",
                "channel": _("A short daily chat for the first weeks; Slack any time."),
                "support": _("A buddy (Priya), and pairing sessions twice a week."),
                "guardrails": [_("Ask before touching production data.")],
                "growth_goals": [_("Ship a first feature end to end.")],
                "review_every_days": 30,
                "last_review": -55,
                "acknowledged": True,
            },
        ),
        (
            (12, 11),
            {
                "levels": {
                    TOOLING: (3, "D2", "D2", 4, 60),
                    RELEASE: (2, "D1", "D2", 3, 90),
                    BUDGET: (1, "D1", "D1"),
                    ESCALATIONS: (2, "D2", "D4"),
                },
                "cadence": "twice-weekly",
                "channel": _("Two short check-ins a week; Slack any time."),
                "support": _("A buddy (Priya), pairing sessions, and Diego for on-call questions."),
                "guardrails": [_("Ask before touching production data.")],
                "growth_goals": [
                    _("Ship a first feature end to end."),
                    _("Join the on-call rotation by the end of the quarter."),
                ],
                "review_every_days": 60,
                "last_review": -12,
                "acknowledged": True,
            },
        ),
    ),
}
"""One trust agreement per member, oldest version first; Priya, Aiko and Kwame have earlier versions."""

CHECKIN_NOTES: dict[str, tuple[str, ...]] = {
    "general": (
        _("Went through the sprint goals."),
        _("Talked through blockers; nothing needed from me."),
        _("Caught up on priorities for the week."),
        _("Quick status; all on track."),
    ),
    "pestering": (
        _("Asked again how the search migration is going."),
        _("Wanted the latest numbers on the search cut-over."),
        _("Asked for a status update before standup."),
    ),
    "onboarding": (_("Onboarding chat: environment set up."),),
}
"""The short private notes some check-ins carry, by the name a story step uses."""

Step = tuple[Any, ...]

STORY: tuple[Step, ...] = (
    # Priya: a senior engineer trusted with most decisions.
    (
        "task",
        None,
        _("Run the interview loop for the senior backend engineer role"),
        PRIYA,
        HIRING,
        5,
        "in progress",
        40,
        21,
    ),
    (
        "task",
        None,
        _("Choose a feature-flag service to replace the homegrown toggles"),
        PRIYA,
        TOOLING,
        6,
        "open",
        30,
        30,
    ),
    ("task", "release", _("Cut and ship release 4.12"), PRIYA, RELEASE, 6, "in progress", 45, -10),
    # Shipped, then archived to the manager's list: a finished task filed away is not a take-back.
    ("set_status", "release", 10, "done"),
    ("reassign", "release", 9, MANAGER, None),
    ("task", None, _("Plan the load-test budget for next quarter"), PRIYA, BUDGET, 4, "open", 20, 14),
    ("task", "mentoring", _("Mentor Kwame through his first on-call shifts"), MANAGER, ESCALATIONS, 3, "open", 50),
    ("review", PRIYA, 35, _("Relaxed check-ins to monthly; next step is owning the hiring decisions.")),
    ("note", PRIYA, 34, _("Priya would like to move towards a tech lead role; talk about scope next time.")),
    ("reassign", "mentoring", 30, PRIYA, _("Priya offered to mentor Kwame; it is hers now."), {"hour": 14}),
    ("set_level", "mentoring", 30, 5, _("She decides how to run the mentoring; I only give advice."), {"hour": 15}),
    ("quiet_status", "mentoring", "in progress"),
    ("checkins", PRIYA, [8, 38, 68, 98], "general"),
    ("asked", PRIYA, 16, _("Priya asked for a second opinion on the flag-service shortlist.")),
    ("pulse", PRIYA, 14, 5),
    # Aiko: a designer whose levels grew at each review.
    ("task", "study", _("Run the usability study for the new onboarding flow"), AIKO, None, 5, "in progress", 35, 10),
    ("task", None, _("Pick a design-system tooling vendor"), AIKO, TOOLING, 5, "open", 25, 25),
    ("task", None, _("Interview product designer candidates"), AIKO, HIRING, 4, "open", 15, 18),
    ("task", "tools_budget", _("Plan the design-tools budget for next year"), AIKO, BUDGET, 3, "open", 50, 40),
    ("task", None, _("Refresh the empty-state illustrations"), AIKO, None, 6, "done", 70, -20),
    ("review", AIKO, 110, _("Check-ins every two weeks from now on; Tooling is hers.")),
    ("review", AIKO, 20, _("Raised Budget to 4 Agree; she takes the design-tools budget.")),
    ("set_level", "tools_budget", 20, 4, _("Raised with her Budget level at the review."), {"hour": 11}),
    ("checkins", AIKO, range(5, 120, 14), "general"),
    # Aiko's holiday: her usability study came to the manager while she was away, and went back.
    ("reassign", "study", 28, MANAGER, None),
    ("reassign", "study", 23, AIKO, _("Back from holiday.")),
    # Jonas: capable, but followed up far more often than his weekly agreement says.
    ("task", "search", _("Migrate product search to OpenSearch 2"), JONAS, TOOLING, 4, "in progress", 60, 9),
    ("task", "webhooks", _("Fix the flaky payment-webhook retries"), JONAS, ESCALATIONS, 4, "blocked", 55, -3),
    ("task", "runbook", _("Write the runbook for the search cluster"), JONAS, RELEASE, 4, "open", 30, 5),
    ("review", JONAS, 50, _("First written agreement; weekly 1:1s, Tooling and Release at 4 Agree.")),
    ("set_level", "webhooks", 40, 3, _("A customer is affected: we agreed Jonas consults me before replying.")),
    ("set_due", "runbook", 10, 20, _("Moved after the migration, as Jonas suggested.")),
    ("note", JONAS, 20, _("Jonas seemed stressed about the search migration deadline.")),
    ("checkins", JONAS, [1, 3, 6, 8, 10, 13, 15, 20, 24], "pestering", {"task": "search"}),
    ("checkins", JONAS, [29, 31, 33, 36, 38, 42, 45, 48], "pestering", {"task": "search"}),
    ("checkins", JONAS, range(55, 120, 7), "general"),
    # Diego: an SRE whose production release decision was overridden.
    ("task", "upgrade", _("Roll out the Postgres 16 upgrade to production"), DIEGO, RELEASE, 5, "in progress", 45, 5),
    ("task", "ci", _("Cut CI build time below ten minutes"), DIEGO, TOOLING, 5, "open", 65, 40),
    ("task", None, _("Write the post-incident review for the checkout outage"), DIEGO, ESCALATIONS, 5, "open", 6, 7),
    ("review", DIEGO, 60, _("Release and Tooling at 5 Advise; Budget stays with me for now.")),
    ("set_level", "ci", 25, 6, _("Diego has run the CI work well; he decides and tells me afterwards.")),
    ("on_task", "override", "upgrade", 18, _("Held the rollout until after the customer demo on Friday.")),
    ("note", DIEGO, 17, _("Diego was frustrated that the rollout was held.")),
    # The checkout outage: an override during an incident is reported, as info, with its context.
    (
        "on_task",
        "override",
        "upgrade",
        6,
        _("Rolled back the connection-pool change during the checkout outage."),
        {"context": "incident", "hour": 23},
    ),
    ("checkins", DIEGO, range(4, 120, 7), "general"),
    # Fatima: a QA lead whose task was taken back without a word.
    ("task", "e2e", _("Rewrite the flaky checkout end-to-end tests"), FATIMA, TOOLING, 4, "in progress", 40, 10),
    ("task", None, _("Define the release smoke-test checklist"), FATIMA, RELEASE, 4, "open", 28, 12),
    ("task", None, _("Triage the backlog of customer-reported bugs"), FATIMA, ESCALATIONS, 4, "in progress", 20, 8),
    ("task", "licences", _("Buy device-lab licences for mobile testing"), FATIMA, BUDGET, 2, "open", 16, 15),
    ("review", FATIMA, 45, _("Agreed Release goes to 5 Advise once the smoke tests are automated.")),
    ("reassign", "e2e", 13, MANAGER, None),
    ("on_task", "approval", "licences", 9, _("Signed off the quote before she ordered.")),
    ("note", FATIMA, 5, _("Fatima asked why the checkout tests were moved to me.")),
    ("checkins", FATIMA, range(2, 120, 7), "general"),
    # Tomasz: self-reliant in Tooling, yet the agreement keeps the decisions with the manager.
    ("task", None, _("Evaluate GitHub Actions as a Jenkins replacement"), TOMASZ, TOOLING, 3, "in progress", 35, 30),
    ("task", None, _("Automate the staging database refresh"), TOMASZ, TOOLING, 3, "open", 22, 21),
    ("task", None, _("Ship the Terraform module for preview environments"), TOMASZ, RELEASE, 4, "done", 75, -15),
    ("task", "disks", _("Order replacement disks for the build servers"), TOMASZ, BUDGET, 3, "done", 50, -25),
    ("review", TOMASZ, 70, _("Kept Tooling at 3 Consult while the CI evaluation runs.")),
    ("on_task", "approval", "disks", 45, _("Approved the order.")),
    ("on_task", "override", "disks", 44, _("Went with the vendor we already have a contract with.")),
    ("note", TOMASZ, 25, _("Tomasz ran the Jenkins evaluation better than I would have.")),
    ("checkins", TOMASZ, range(6, 120, 14), "general"),
    # Lena: a support engineer whose agreement has not been looked at for months.
    ("task", None, _("Answer the enterprise SSO escalation from Northwind"), LENA, ESCALATIONS, 5, "in progress", 5, 2),
    ("task", None, _("Build the support macro library"), LENA, TOOLING, 4, "open", 33, 35),
    ("task", None, _("Write the known-issues page for release 4.12"), LENA, RELEASE, 3, "done", 45, -9),
    ("note", LENA, 60, _("Lena asked when we will go through her agreement together.")),
    ("checkins", LENA, range(3, 120, 7), "general"),
    # Kwame: the new joiner, more confident than the manager thinks he is.
    ("review", KWAME, 55, _("First agreement on day one: daily chats while he settles in.")),
    (
        "task",
        "structured_logs",
        _("Add structured logging to the billing worker"),
        KWAME,
        TOOLING,
        2,
        "in progress",
        30,
        6,
    ),
    ("task", "timezone_bug", _("Fix the time-zone bug in invoice emails"), KWAME, TOOLING, 3, "open", 18, 5),
    ("task", None, _("Shadow the on-call rotation"), KWAME, ESCALATIONS, 2, "in progress", 40),
    ("note", KWAME, 15, _("Kwame says he can handle escalations alone; I am not sure yet.")),
    ("review", KWAME, 12, _("Moved to two check-ins a week; Tooling up to 3 Consult.")),
    ("set_level", "structured_logs", 12, 3, _("Raised with his Tooling level at the review."), {"hour": 11}),
    ("set_due", "timezone_bug", 8, 12, _("Agreed to add regression tests first.")),
    ("checkins", KWAME, range(54, 40, -1), "onboarding", {"weekdays_only": True}),
    ("checkins", KWAME, [37, 33, 30, 26, 23, 19, 16, 12, 9, 5, 2], "general"),
    ("pulse", KWAME, 4, 2, _("I would like to take the escalations myself.")),
    # The manager's own work.
    ("task", None, _("Prepare the headcount plan for next quarter"), MANAGER, HIRING, 3, "open", 25, 20),
    ("task", None, _("Negotiate the observability vendor renewal"), MANAGER, None, 2, "in progress", 30, 25),
    ("task", None, _("Write the engineering strategy one-pager"), MANAGER, None, 3, "done", 100, -40),
)
"""About four months of work, step by step, in the order they are played.

Each step is a verb of :class:`~delegate_tui.demo.play.Story` and its arguments, optionally ending in
a dict of options. A task is named by the key its ``task`` step gives it (None: never referred to
again); statuses, event kinds and contexts are their stored values. ``quiet_status`` sets a status
without an event."""
