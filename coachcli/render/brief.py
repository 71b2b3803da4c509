"""The brief as GFM Markdown: the page a person pastes or sends to their coach.

It is written with the same pieces as `coach goal show`, `coach week` and `coach journal` in Markdown, so a goal,
a commitment and a reflection read the same wherever they appear. The words shared with the HTML page live here.
"""

from __future__ import annotations

from coachcli.domain.vocabulary import CommitmentStatus, counted
from coachcli.render.goals import markdown_checkins, markdown_goal_facts
from coachcli.render.journal import markdown_reflection
from coachcli.render.text import markdown_block, markdown_inline
from coachcli.render.weeks import counts_text, markdown_task, week_span
from coachcli.views.brief import BriefGoal, BriefStrength, BriefView, BriefWeek
from coachcli.views.journal import ReflectionView
from coachcli.views.strategies import StrategyView
from coachcli.views.weeks import CommitmentView

HEADINGS = {
    "goals": "Goals",
    "weeks": "Week by week",
    "helped": "What helped",
    "in_the_way": "What got in the way",
    "reflections": "Reflections",
    "planned": "The plan for {week}",
    "strengths": "My strengths and the strategies that play to them",
    "questions": "What I want to talk about",
    "wanted": "What I wanted from my sessions",
}
EMPTY = {
    "goals": "No goals in this brief.",
    "weeks": "No commitments in these weeks.",
    "reflections": "No reflections in this period.",
    "planned": "Nothing planned yet for {week}.",
    "questions": "No questions written down yet: the close of `coach session` asks for them.",
    "checkins": "No check-ins in this period.",
    "strengths": "No strengths recorded yet: `coach strengths add NAME` records them.",
    "strategies": "no strategy plays to it yet",
}


def brief_title(view: BriefView) -> str:
    """The brief's title line (plain text: no user text in it)."""
    return f"Coaching brief · {view.first.isoformat()} to {view.last.isoformat()}"


def scope_phrase(view: BriefView) -> str:
    """What the brief covers, in plain words (user text not yet escaped)."""
    if view.goal_id is not None and view.goals:
        return f"Only goal {view.goal_id}: {view.goals[0].goal.title}"
    if view.tag is not None:
        return f"Only goals and reflections tagged #{view.tag}"
    return ""


def period_line(view: BriefView) -> str:
    """How the period went, in one line of plain text."""
    if not any(week.week.commitments for week in view.weeks):
        return "No commitments in these weeks."
    return counts_text(view.counts, view.completion_rate)


def checkins_heading(item: BriefGoal) -> str:
    return f"Check-ins this period ({counted(len(item.checkins), 'check-in')})"


def commitment_outcome(commitment: CommitmentView) -> str:
    """A commitment and how it went, for the lists of what helped and what got in the way (plain text)."""
    return f"{commitment.text} ({CommitmentStatus(commitment.status).label}): {commitment.note or ''}"


def strength_heading(item: BriefStrength) -> str:
    """A strength with its domain, in plain words: "Relator (Relationship Building)", "calm in a crisis"."""
    strength = item.strength
    return f"{strength.name} ({strength.domain})" if strength.domain else strength.name


def strategy_line(strategy: StrategyView) -> str:
    """A strategy as a brief lists it under a strength (plain text)."""
    return f"Strategy {strategy.id}, goal {strategy.goal_id} ({strategy.goal_title}): {strategy.text}"


def belief_questions(reflection: ReflectionView) -> list[str]:
    """The questions the belief language in a reflection invites, as `coach journal` shows them: none once
    a reframe has answered them."""
    return list(reflection.open_questions)


def markdown_goal(item: BriefGoal) -> list[str]:
    goal = item.goal
    lines = [f"### Goal {goal.id}: {markdown_inline(goal.title)}", "", *markdown_goal_facts(goal), ""]
    if item.checkins:
        lines += [f"**{checkins_heading(item)}**", "", *markdown_checkins(goal, item.checkins), ""]
    elif item.measurable or goal.measure:
        lines += [EMPTY["checkins"], ""]
    return lines


def markdown_outcomes(title: str, commitments: list[CommitmentView]) -> list[str]:
    if not commitments:
        return []
    return [f"**{title}**", "", *(f"- {markdown_inline(commitment_outcome(c))}" for c in commitments), ""]


def markdown_week(item: BriefWeek) -> list[str]:
    week = item.week
    lines = [f"### {week.week} ({week_span(week.week)})", ""]
    if not week.commitments:
        lines += ["No commitments that week.", ""]
    else:
        lines += [f"*{counts_text(week.counts, week.completion_rate)}*", ""]
        for commitment in week.commitments:
            lines += markdown_task(commitment, with_goal=True)
        lines.append("")
    lines += markdown_outcomes(HEADINGS["helped"], item.helped)
    lines += markdown_outcomes(HEADINGS["in_the_way"], item.in_the_way)
    if week.week_note:
        quoted = markdown_block(week.week_note.text).split("\n")
        lines += ["**Week note:**", "", *(f"> {line}" for line in quoted), ""]
    return lines


def markdown_brief(view: BriefView) -> str:
    """The whole brief as GFM, user text escaped once so it renders exactly as typed."""
    lines = [f"# {brief_title(view)}", ""]
    scope = scope_phrase(view)
    if scope:
        lines += [f"*{markdown_inline(scope)}*", ""]
    lines += [f"**{period_line(view)}**", ""]
    lines += [f"## {HEADINGS['goals']}", ""]
    if not view.goals:
        lines += [EMPTY["goals"], ""]
    for goal in view.goals:
        lines += markdown_goal(goal)
    lines += [f"## {HEADINGS['weeks']}", ""]
    if not view.weeks:
        lines += [EMPTY["weeks"], ""]
    for week in view.weeks:
        lines += markdown_week(week)
    lines += [f"## {HEADINGS['reflections']}", ""]
    if not view.reflections:
        lines += [EMPTY["reflections"], ""]
    for reflection in view.reflections:
        lines += [*markdown_reflection(reflection, level=3), ""]
    planned = str(view.planned_week)
    lines += [f"## {HEADINGS['planned'].format(week=planned)} ({week_span(view.planned_week)})", ""]
    if not view.planned:
        lines += [EMPTY["planned"].format(week=planned), ""]
    for commitment in view.planned:
        lines += markdown_task(commitment, with_goal=True)
    if view.planned:
        lines.append("")
    if view.wanted:
        lines += [f"## {HEADINGS['wanted']}", ""]
        lines += [f"- **{wish.week}:** {markdown_inline(wish.text)}" for wish in view.wanted]
        lines.append("")
    lines += [f"## {HEADINGS['strengths']}", ""]
    if not view.strengths:
        lines += [EMPTY["strengths"], ""]
    for item in view.strengths:
        lines += [f"- **{markdown_inline(strength_heading(item))}**"]
        lines += [f"  - {markdown_inline(strategy_line(strategy))}" for strategy in item.strategies] or [
            f"  - *{EMPTY['strategies']}*"
        ]
    if view.strengths:
        lines.append("")
    lines += [f"## {HEADINGS['questions']}", ""]
    if not view.questions:
        lines += [EMPTY["questions"], ""]
    lines += [
        f"- **{question.day.isoformat()}:** {markdown_inline(question.text)}" for question in view.questions
    ]
    return "\n".join(lines).rstrip("\n") + "\n"
