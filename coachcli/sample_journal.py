"""A realistic, deterministic sample journal, as export-format data (see coachcli/store/transfer.py).

Everything here is pure: the same `today`, `weeks` and `seed` always give the same journal. Each part of the
journal has its own builder; `build_demo_journal` joins them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from coachcli.domain.dates import IsoWeek
from coachcli.domain.export_format import EXPORT_VERSION
from coachcli.domain.weeks import week_to_close


@dataclass(frozen=True)
class GoalTemplate:
    """A kind of goal the demo person sets, with how its measure moves."""

    title: str
    measure: str | None
    unit: str | None
    baseline: float | None
    target: float | None
    why: str | None
    achievable: str | None
    tags: tuple[str, ...]
    weeks: int  # how long, from setting it to the deadline
    step: float  # expected change per week
    logged: bool = True  # whether the demo person checks in on it


# Goals that come and go over the years (a new one every quarter or so), plus the few current ones below.
RECURRING_GOALS = (
    GoalTemplate(
        "Read 12 books this quarter",
        "books finished",
        "books",
        0,
        12,
        "Reading is how I rest and grow",
        "A book by the bed and 20 minutes before sleep",
        ("reading",),
        13,
        0.9,
    ),
    GoalTemplate(
        "Run 5 km without stopping",
        "longest run",
        "km",
        1,
        5,
        "More energy for the kids",
        "A beginner plan, three runs a week",
        ("health", "running"),
        10,
        0.45,
    ),
    GoalTemplate(
        "Save 3000 euros for a sabbatical",
        "savings",
        "EUR",
        0,
        3000,
        "Freedom to choose my next step",
        "An automatic transfer on payday",
        ("money",),
        26,
        120,
    ),
    GoalTemplate(
        "Learn 500 Spanish words before the trip",
        "words learned",
        "words",
        50,
        500,
        "Talking with people in their own language",
        "Ten minutes of flashcards after lunch",
        ("spanish", "learning"),
        20,
        24,
    ),
    GoalTemplate(
        "Write 20 blog posts about design",
        "posts published",
        "posts",
        0,
        20,
        "Sharing what I learn makes me learn it twice",
        "One draft every Sunday morning",
        ("writing",),
        26,
        0.8,
    ),
    GoalTemplate(
        "Meditate 100 sessions",
        "sessions",
        "sessions",
        0,
        100,
        "A calmer start to the day",
        "An app and a cushion by the window",
        ("health", "calm"),
        20,
        5.5,
    ),
)

CURRENT_GOALS = (
    GoalTemplate(
        "Run a half marathon in under 2 hours",
        "km run per week",
        "km",
        8,
        35,
        "I want to feel strong at forty",
        "The running club meets on Tuesdays and Thursdays",
        ("health", "running"),
        20,
        1.6,
    ),
    GoalTemplate(
        "Weigh 78 kg by the summer holiday",
        "weight",
        "kg",
        86,
        78,
        "Easier on my knees when I run",
        "Cooking at home four nights a week",
        ("health",),
        30,
        -0.3,
    ),
    GoalTemplate(
        "Finish the online data science course",
        "modules completed",
        "modules",
        0,
        10,
        "A step towards a new role at work",
        None,
        ("career", "learning"),
        16,
        0.55,
        logged=False,
    ),
)

VAGUE_GOAL = "Be happier"

CHECKIN_NOTES = (
    "Felt good today.",
    "Busy week at work, still kept going.",
    "The early mornings helped.",
    "Slower than I hoped; what would make next week easier?",
    "Did it with a friend, much more fun.",
    "Tired but glad I showed up.",
    None,
    None,
    None,
)


def timestamp(day: date, hour: int = 8) -> str:
    """An ISO UTC timestamp on `day`, as stored in `created_at`."""
    return datetime.combine(day, time(hour), tzinfo=UTC).isoformat()


@dataclass
class DemoBuilder:
    """Collects the rows of the sample journal as it is built."""

    today: date
    weeks: int
    rng: random.Random

    def __post_init__(self) -> None:
        self.journal: dict[str, list[dict[str, Any]]] = {
            "goals": [],
            "checkins": [],
            "strengths": [],
            "strategies": [],
            "commitments": [],
            "week_notes": [],
            "reflections": [],
            "sessions": [],
        }

    @property
    def start(self) -> date:
        """The first day the demo person used coach."""
        return self.today - timedelta(weeks=self.weeks)

    def add_goal(self, template: GoalTemplate, created: date, *, status: str = "active",
                 closed: date | None = None) -> dict[str, Any]:  # fmt: skip
        goal = {
            "id": len(self.journal["goals"]) + 1,
            "title": template.title,
            "status": status,
            "measure": template.measure,
            "unit": template.unit,
            "baseline": template.baseline,
            "target": template.target,
            "deadline": (created + timedelta(weeks=template.weeks)).isoformat(),
            "why": template.why,
            "achievable": template.achievable,
            "tags": list(template.tags),
            "created": created.isoformat(),
            "closed": closed.isoformat() if closed else None,
            "created_at": timestamp(created),
        }
        self.journal["goals"].append(goal)
        return goal

    def add_checkins(self, goal: dict[str, Any], template: GoalTemplate, first: date, last: date) -> float:
        """Weekly check-ins from `first` to `last` that drift towards the target; returns the last value."""
        value = template.baseline or 0.0
        day = first + timedelta(days=self.rng.randint(3, 6))
        while day <= last:
            value += template.step * self.rng.uniform(0.2, 1.7)
            if template.step > 0 and template.target is not None:
                value = min(value, template.target * 1.05)
            value = round(value, 1)
            self.journal["checkins"].append(
                {
                    "id": len(self.journal["checkins"]) + 1,
                    "goal_id": goal["id"],
                    "date": day.isoformat(),
                    "value": value,
                    "note": self.rng.choice(CHECKIN_NOTES),
                    "created_at": timestamp(day, 20),
                }
            )
            day += timedelta(days=7 + self.rng.randint(-1, 2))
        return value


def build_goals(builder: DemoBuilder) -> None:
    """Past goals every quarter or so (done or let go), the current goals, and one vague wish."""
    rng = builder.rng
    day = builder.start
    index = 0
    current_horizon = builder.today - timedelta(weeks=12)
    while day < current_horizon:
        template = RECURRING_GOALS[index % len(RECURRING_GOALS)]
        deadline = day + timedelta(weeks=template.weeks)
        closed = min(deadline, builder.today - timedelta(days=1))
        goal = builder.add_goal(template, day)
        last_value = builder.add_checkins(goal, template, day, closed)
        reached = template.target is not None and (
            (template.step > 0 and last_value >= template.target)
            or (template.step < 0 and last_value <= template.target)
        )
        if closed < builder.today - timedelta(days=1) or reached:
            goal["status"] = "done" if reached or rng.random() < 0.6 else "dropped"
            goal["closed"] = closed.isoformat()
        day += timedelta(weeks=rng.randint(8, 16))
        index += 1
    for offset, template in enumerate(CURRENT_GOALS):
        created = max(builder.start, builder.today - timedelta(weeks=min(builder.weeks, 12 - offset * 3)))
        goal = builder.add_goal(template, created)
        if template.logged:
            builder.add_checkins(goal, template, created, builder.today)
    vague = builder.add_goal(
        GoalTemplate(VAGUE_GOAL, None, None, None, None, None, None, (), 0, 0),
        builder.today - timedelta(days=3),
    )
    vague["deadline"] = None


DEMO_STRENGTHS = (("Relator", "theme"), ("Achiever", "theme"), ("Learner", "theme"), ("extrovert", "custom"))

# For each current goal: (strategy, the strengths it plays to, its status).
DEMO_STRATEGIES: dict[str, tuple[tuple[str, tuple[str, ...], str], ...]] = {
    "Run a half marathon in under 2 hours": (
        ("Run the Thursday club route with Sam and compare notes after", ("Relator", "extrovert"), "active"),
        ("Tick off every planned run on the calendar on the fridge", ("Achiever",), "active"),
        ("Long solo runs at dawn before work", ("Achiever",), "retired"),
    ),
    "Weigh 78 kg by the summer holiday": (
        ("Cook dinner together with my partner four nights a week", ("Relator",), "active"),
        ("Learn two new vegetable recipes every month", ("Learner",), "active"),
    ),
    "Finish the online data science course": (
        ("Join the course's study group on Wednesday evenings", ("extrovert", "Learner"), "active"),
        ("Finish one module before starting anything new", ("Achiever",), "active"),
    ),
}


def build_strengths(builder: DemoBuilder) -> None:
    """The demo person's strengths in their order, and strategies playing to them for the current goals."""
    from coachcli.domain.themes import find_theme

    for name, kind in DEMO_STRENGTHS:
        theme = find_theme(name) if kind == "theme" else None
        builder.journal["strengths"].append(
            {"name": name, "kind": kind, "domain": theme.domain if theme else None}
        )
    for goal in builder.journal["goals"]:
        if goal["status"] != "active":
            continue
        for text, strengths, status in DEMO_STRATEGIES.get(goal["title"], ()):
            created = min(
                date.fromisoformat(goal["created"]) + timedelta(days=builder.rng.randint(0, 10)),
                builder.today,
            )
            builder.journal["strategies"].append(
                {
                    "id": len(builder.journal["strategies"]) + 1,
                    "goal_id": goal["id"],
                    "text": text,
                    "strengths": list(strengths),
                    "status": status,
                    "created": created.isoformat(),
                    "created_at": timestamp(created, 19),
                }
            )


@dataclass(frozen=True)
class ReflectionTemplate:
    """A kind of reflection the demo person writes, with the goal tag it is about and a reframe if any."""

    text: str
    tags: tuple[str, ...] = ()
    goal_tag: str | None = (
        None  # linked to a goal with this tag that is active at the time, when there is one
    )
    reframe: str | None = None


REFLECTIONS = (
    ReflectionTemplate(
        "I should be running every day.",
        ("health",),
        "running",
        "I choose to run three times a week because it makes me feel strong.",
    ),
    ReflectionTemplate(
        "The long run with the club felt easy today. Running with others keeps me going.",
        ("health",),
        "running",
    ),
    ReflectionTemplate(
        "I always leave the hardest task for Friday afternoon.",
        ("work",),
        None,
        "Some days I start with the hard task while I am fresh; Tuesday could be one of them.",
    ),
    ReflectionTemplate(
        "I have to answer every email the same day, or people will think I don't care.",
        ("work",),
        None,
    ),
    ReflectionTemplate(
        "I never have time to read.",
        ("reading",),
        "reading",
        "I find twenty minutes when reading is the thing I pick.",
    ),
    ReflectionTemplate(
        "Finished a book on the train. Reading in small pieces works better than I thought.",
        ("reading",),
        "reading",
    ),
    ReflectionTemplate(
        "I must save every month, even when a friend's birthday comes up.",
        ("money",),
        "money",
        "Saving is my choice, and so is celebrating with friends; I can plan for both.",
    ),
    ReflectionTemplate(
        "Café con leche and ten new words: *la sobremesa* is my favourite ☕",
        ("spanish",),
        "spanish",
    ),
    ReflectionTemplate(
        "Three things that went well:\n- cooked at home twice\n- slept eight hours\n- called my sister",
        ("gratitude",),
    ),
    ReflectionTemplate(
        "Noticed that I write best in the morning, before I open my email.",
        ("writing",),
        "writing",
    ),
    ReflectionTemplate("A quiet week. Resting was the right choice; what would make next week lighter?"),
    ReflectionTemplate(
        "Ten minutes on the cushion before breakfast. The day started slower, in a good way.",
        ("calm",),
        "calm",
    ),
    ReflectionTemplate(
        "I ought to finish the course before I apply for the new role.",
        ("career",),
        "career",
        "I can apply when I feel ready; the course is one way to get there, not a gate.",
    ),
    ReflectionTemplate(
        "Talked with Sam about the plan. Saying it out loud made it feel real.",
        ("people",),
    ),
)

# The reflection the demo shows off: belief language, a reframe, linked to the current running goal.
SHOWCASE_REFLECTION = REFLECTIONS[0]


def goal_active_on(builder: DemoBuilder, tag: str | None, day: date) -> dict[str, Any] | None:
    """The latest goal with this tag that was set by `day` and not yet closed on it."""
    if tag is None:
        return None
    for goal in reversed(builder.journal["goals"]):
        closed = date.fromisoformat(goal["closed"]) if goal["closed"] else builder.today
        if tag in goal["tags"] and date.fromisoformat(goal["created"]) <= day <= closed:
            return goal
    return None


def add_reflection(builder: DemoBuilder, template: ReflectionTemplate, day: date, *, reframed: bool) -> None:
    """A reflection on `day`, linked to a goal of its tag active then, with the reframe when `reframed`."""
    goal = goal_active_on(builder, template.goal_tag, day)
    builder.journal["reflections"].append(
        {
            "id": len(builder.journal["reflections"]) + 1,
            "date": day.isoformat(),
            "text": template.text,
            "goal_id": goal["id"] if goal else None,
            "week": str(IsoWeek.of(day)),
            "tags": list(template.tags),
            "reframe": template.reframe if reframed else None,
            "created_at": timestamp(day, 21),
        }
    )


def build_reflections(builder: DemoBuilder) -> None:
    """A reflection in about every other week, some leaning on should / must with a reframe, then a recent one."""
    rng = builder.rng
    showcase_day = builder.today - timedelta(days=2)
    week_start = builder.start
    while week_start < showcase_day - timedelta(weeks=1):
        if rng.random() < 0.5:
            template = rng.choice(REFLECTIONS)
            day = week_start + timedelta(days=rng.randint(0, 6))
            add_reflection(builder, template, day, reframed=rng.random() < 0.7)
        week_start += timedelta(weeks=1)
    add_reflection(builder, SHOWCASE_REFLECTION, showcase_day, reframed=True)


def build_demo_journal(*, today: date, weeks: int, seed: int) -> dict[str, Any]:
    """The whole sample journal in the export format."""
    builder = DemoBuilder(today=today, weeks=max(weeks, 1), rng=random.Random(seed))
    build_goals(builder)
    build_strengths(builder)
    build_commitments(builder)
    build_reflections(builder)
    build_sessions(builder)
    return {"version": EXPORT_VERSION, **builder.journal}


# What the demo person commits to, by the title of the goal it serves.
COMMITMENT_IDEAS = {
    "Read 12 books this quarter": (
        "Read 20 minutes before sleep",
        "Finish the current book",
        "Pick the next book at the library",
        "Leave the phone outside the bedroom",
    ),
    "Run 5 km without stopping": (
        "Three runs on the beginner plan",
        "One run with Sam on Saturday",
        "Lay out the running kit the night before",
    ),
    "Save 3000 euros for a sabbatical": (
        "Move 120 euros to savings on payday",
        "Cancel one subscription I do not use",
        "Track every purchase for a week",
    ),
    "Learn 500 Spanish words before the trip": (
        "Ten minutes of flashcards after lunch",
        "One Spanish podcast episode on the commute",
        "Write five sentences about my day in Spanish",
    ),
    "Write 20 blog posts about design": (
        "Draft one blog post on Sunday morning",
        "Edit last week's draft and publish it",
        "Collect three ideas for posts",
    ),
    "Meditate 100 sessions": (
        "Meditate ten minutes before breakfast",
        "Try the body-scan session once",
        "Put the cushion by the window",
    ),
    "Run a half marathon in under 2 hours": (
        "Run three times, one of them long",
        "Join the Tuesday club run",
        "Stretch for ten minutes after each run",
        "One interval session on Thursday",
    ),
    "Weigh 78 kg by the summer holiday": (
        "Cook at home four nights",
        "Prepare lunches on Sunday",
        "Walk to work on Monday and Friday",
        "In bed by 22:30 on weeknights",
    ),
    "Finish the online data science course": (
        "Complete one course module",
        "Do the module's exercises on Saturday",
        "Ask Priya about the data team's projects",
    ),
    VAGUE_GOAL: (
        "Write down three good things each evening",
        "Call a friend I have not seen in a while",
        "An hour outside on Saturday, phone at home",
    ),
}
OTHER_COMMITMENTS = ("Call mum on Sunday", "Clear the desk on Friday afternoon", "Book the dentist")

DONE_NOTES = (
    "Doing it first thing, before email, made it easy.",
    "Having it in the calendar helped.",
    "Sam came along; company makes it easier.",
    "Laying everything out the night before helped.",
    None,
    None,
    None,
)
PARTIAL_NOTES = (
    "Rain all week; what would make an indoor plan easier?",
    "Managed two of three; Thursday clashes with work. Which slot could replace it?",
    "Started strong, the weekend got busy. What would a weekend version look like?",
    "Half of it; it was bigger than it looked. What is the smallest next step?",
)
MISSED_NOTES = (
    "A sick child this week; what would a minimum version look like?",
    "Travel all week. What would make this travel-proof?",
    "It kept sliding to tomorrow. What would make it the first thing instead?",
    "Deadline at work took the evenings. Which morning could hold it?",
)
DROPPED_NOTES = (
    "Not the right week for it; the course comes first.",
    "Let it go to make room for the move.",
    "It no longer fits the goal; a different step will serve better.",
)
WENT_WELL = (
    "Mornings worked: I did the important thing first.",
    "Running with the club, the company carries me.",
    "I kept the evenings free of screens.",
    "Planning on Sunday made Monday easy.",
)
GOT_IN_THE_WAY = (
    "Late meetings ate the evenings.",
    "Travel and a cold.",
    "Too many commitments for one week.",
    "The weather, and no plan B.",
)
LEARNED = (
    "Fewer commitments, done well, feel better than many half done.",
    "A plan B for rain keeps the habit alive.",
    "Small steps at a fixed time stick.",
    "Telling someone my plan makes me follow through.",
)

# How a past commitment went: mostly done, sometimes partly or not, now and then let go.
FOLLOW_THROUGH = (("done", 0.62), ("partial", 0.16), ("missed", 0.14), ("dropped", 0.08))


def goals_active_in(goals: list[dict[str, Any]], start: date, end: date) -> list[dict[str, Any]]:
    """The goals that were set by `end` and not closed before `start`."""
    return [
        goal
        for goal in goals
        if date.fromisoformat(goal["created"]) <= end
        and (goal["closed"] is None or date.fromisoformat(goal["closed"]) >= start)
    ]


def build_commitments(builder: DemoBuilder) -> None:
    """Five to ten commitments a week over the demo's weeks, with varied follow-through, notes and carrying.

    Past weeks are reviewed (statuses, notes, most with a week note); last week and this week stay open, so
    that `coach week` asks about last week first.
    """
    rng = builder.rng
    goals = builder.journal["goals"]
    commitments = builder.journal["commitments"]
    this_week = IsoWeek.of(builder.today)
    week = IsoWeek.of(builder.start)
    carried: list[dict[str, Any]] = []
    statuses: tuple[str, ...] = tuple(status for status, _ in FOLLOW_THROUGH)
    weights: tuple[float, ...] = tuple(weight for _, weight in FOLLOW_THROUGH)
    strategies_by_goal: dict[int, list[dict[str, Any]]] = {}
    for strategy in builder.journal["strategies"]:
        if strategy["status"] == "active":
            strategies_by_goal.setdefault(strategy["goal_id"], []).append(strategy)
    while week <= this_week:
        reviewed = week < this_week.previous()
        made = timestamp(week.start - timedelta(days=1), 19)  # planned on the Sunday before
        review_day = timestamp(week.end + timedelta(days=1), 19)
        rows: list[dict[str, Any]] = []
        for original in carried:
            rows.append({**original, "carried_from": original["id"]})
        active = goals_active_in(goals, week.start, week.end)
        wanted = rng.randint(5, 10)
        for _ in range(wanted * 4):
            if len(rows) >= wanted:
                break
            goal = rng.choice(active) if active and rng.random() < 0.85 else None
            ideas = (
                COMMITMENT_IDEAS.get(goal["title"], COMMITMENT_IDEAS[VAGUE_GOAL])
                if goal
                else OTHER_COMMITMENTS
            )
            unused = [text for text in ideas if all(text != row["text"] for row in rows)]
            strategies = [
                strategy
                for strategy in strategies_by_goal.get(goal["id"] if goal else 0, [])
                if date.fromisoformat(strategy["created"]) <= week.end
            ]
            if unused:
                rows.append(
                    {
                        "text": rng.choice(unused),
                        "goal_id": goal["id"] if goal else None,
                        "strategy_id": rng.choice(strategies)["id"]
                        if strategies and rng.random() < 0.7
                        else None,
                        "carried_from": None,
                    }
                )
        carried = []
        for row in rows:
            status = rng.choices(statuses, weights)[0] if reviewed else "open"
            note = {
                "done": rng.choice(DONE_NOTES),
                "partial": rng.choice(PARTIAL_NOTES),
                "missed": rng.choice(MISSED_NOTES),
                "dropped": rng.choice(DROPPED_NOTES),
            }.get(status)
            commitment = {
                "id": len(commitments) + 1,
                "text": row["text"],
                "week": str(week),
                "goal_id": row["goal_id"],
                "strategy_id": row["strategy_id"],
                "status": status,
                "note": note,
                "carried_from": row["carried_from"],
                "created_at": made,
                "updated_at": review_day if reviewed else made,
            }
            commitments.append(commitment)
            if status in ("partial", "missed") and rng.random() < 0.4:
                carried.append(commitment)
        if reviewed and rng.random() < 0.75:
            lines = [f"Went well: {rng.choice(WENT_WELL)}", f"Got in the way: {rng.choice(GOT_IN_THE_WAY)}"]
            if rng.random() < 0.6:
                lines.append(f"Learned: {rng.choice(LEARNED)}")
            builder.journal["week_notes"].append(
                {
                    "week": str(week),
                    "text": "\n".join(lines),
                    "created_at": review_day,
                    "updated_at": review_day,
                }
            )
        week = week.next()


def build_sessions(builder: DemoBuilder) -> None:
    """A finished session that closed the week before the week to close, and a stopped one to resume.

    The stopped session has looked back on one commitment of the week to close, so `coach session` goes on
    with the next one.
    """
    closed = week_to_close(builder.today)
    commitments = builder.journal["commitments"]
    sessions = builder.journal["sessions"]
    earlier = closed.previous()
    if earlier.end >= builder.start:
        reviewed = [c for c in commitments if c["week"] == str(earlier)]
        moment = timestamp(earlier.end - timedelta(days=2), 17)
        sessions.append(
            {
                "id": 1,
                "started": moment,
                "finished": timestamp(earlier.end - timedelta(days=2), 18),
                "closed_week": str(earlier),
                "planned_week": str(closed),
                "stage": None,
                "questions": "How do I keep going when work gets busy?",
                "steps": [
                    {
                        "stage": "review",
                        "item": f"commitment:{c['id']}:status",
                        "answer": c["status"],
                        "at": moment,
                    }
                    for c in reviewed
                    if c["status"] != "open"
                ],
            }
        )
    still_open = [c for c in commitments if c["week"] == str(closed) and c["status"] == "open"]
    moment = timestamp(builder.today, 8)
    steps = []
    if still_open:
        first = still_open[0]
        first.update(status="done", note=DONE_NOTES[0], updated_at=moment)
        steps = [
            {"stage": "review", "item": f"commitment:{first['id']}:status", "answer": "done", "at": moment},
            {
                "stage": "review",
                "item": f"commitment:{first['id']}:note",
                "answer": DONE_NOTES[0],
                "at": moment,
            },
            {"stage": "review", "item": f"commitment:{first['id']}:done", "answer": "done", "at": moment},
        ]
    sessions.append(
        {
            "id": len(sessions) + 1,
            "started": moment,
            "finished": None,
            "closed_week": str(closed),
            "planned_week": str(closed.next()),
            "stage": "review",
            "questions": None,
            "steps": steps,
        }
    )
