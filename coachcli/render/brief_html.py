"""The brief as one self-contained HTML page: inline CSS, inline SVG charts, no script, nothing fetched.

A Content-Security-Policy in the page forbids scripts and every request, so the file stays inert wherever it is
opened. User text is escaped here, once, with `svg.esc`; the words around it are the Markdown brief's.
"""

from __future__ import annotations

from datetime import date

from coachcli.domain.report import chart_title
from coachcli.domain.vocabulary import CommitmentStatus
from coachcli.render.brief import (
    EMPTY,
    HEADINGS,
    belief_questions,
    brief_title,
    checkins_heading,
    commitment_outcome,
    period_line,
    scope_phrase,
    strategy_line,
    strength_heading,
)
from coachcli.render.goals import goal_facts
from coachcli.render.svg import CHART_FONT, CHART_FONT_WIDE, GoalSeries, esc, follow_through_chart, goal_chart
from coachcli.render.text import format_number
from coachcli.render.weeks import counts_text, days_line, plan_phrase, week_span
from coachcli.views.brief import BriefGoal, BriefView, BriefWeek
from coachcli.views.goals import GoalView
from coachcli.views.journal import ReflectionView
from coachcli.views.weeks import CommitmentView

CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

STYLE = """
:root { color-scheme: light dark; --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --accent: #1d6f8c;
  --good: #2f7d4f; --soft: #f3f6f8; --partly: #a56a00; --notdone: #7a4f9a; --paper: #fff; --on-accent: #fff; }
@media screen and (prefers-color-scheme: dark) {
  :root { --ink: #e3e7ec; --muted: #a7b1bd; --line: #3b4551; --accent: #5cb3d6; --good: #6fcf97;
    --soft: #1e252d; --partly: #e6ad52; --notdone: #c7a2e6; --paper: #14191f; --on-accent: #10161c; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: var(--paper); font: 16px/1.5 system-ui, -apple-system,
  "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
p { margin: .4rem 0; }
.scope, .muted, footer { color: var(--muted); }
.summary { font-weight: 600; }
.text, .note, blockquote, td, li { white-space: pre-wrap; overflow-wrap: anywhere; }
article { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; margin: .75rem 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; margin: .5rem 0; }
dt { font-weight: 600; color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .95rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr, li, dt, dd { break-inside: avoid; page-break-inside: avoid; }
ul.commitments { list-style: none; padding: 0; margin: .5rem 0; }
ul.commitments li { padding: .35rem 0; border-bottom: 1px solid var(--soft); }
.mark { display: inline-block; min-width: 1.2em; font-weight: 700; }
.status { font-size: .85rem; color: var(--muted); margin-right: .35rem; }
.s-done .mark { color: var(--good); } .s-partial .mark { color: var(--partly); }
.s-missed .mark { color: var(--notdone); } .s-dropped { color: var(--muted); }
.meta, .days, .plan, .note { display: block; margin-left: 1.55em; font-size: .92rem; color: var(--muted); }
.note { font-style: italic; }
blockquote { margin: .5rem 0; padding: .25rem .75rem; border-left: 3px solid var(--accent);
  background: var(--soft); }
.outcomes { display: grid; grid-template-columns: 1fr; gap: .25rem 1.25rem; }
@media (min-width: 40rem) { .outcomes { grid-template-columns: 1fr 1fr; } }
.outcomes h4 { margin: .5rem 0 .25rem; font-size: .95rem; }
.outcomes ul { margin: 0; padding-left: 1.1rem; }
svg.chart { display: block; width: 100%; max-width: 32rem; height: auto; margin: .5rem 0;
  break-inside: avoid; page-break-inside: avoid; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: @chart-font@px; fill: var(--muted); }
@media (min-width: 40rem) { svg text { font-size: @chart-font-wide@px; } }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .value { fill: var(--ink); font-weight: 600; }
svg .value.inside { fill: var(--on-accent); }
svg .bar { fill: var(--accent); }
svg .line { fill: none; stroke: var(--accent); stroke-width: 2.5; }
svg .dot { fill: var(--paper); stroke: var(--accent); stroke-width: 2; }
svg .baseline { stroke: var(--muted); stroke-width: 1; stroke-dasharray: 4 3; }
svg .target { stroke: var(--good); stroke-width: 1.5; }
svg .target-label { fill: var(--good); font-weight: 600; }
svg .deadline { stroke: var(--ink); stroke-width: 1; stroke-dasharray: 2 3; }
svg .today { stroke: var(--muted); stroke-width: 1; stroke-opacity: .5; }
svg .trend { fill: none; stroke: var(--partly); stroke-width: 1.5; stroke-dasharray: 6 4; }
.legend { font-size: .85rem; color: var(--muted); }
ol.questions li { margin: .25rem 0; }
ul.beliefs { color: var(--partly); font-style: italic; }
footer { margin-top: 2.5rem; font-size: .85rem; }
@media (max-width: 30rem) {
  main { padding: 1rem .75rem 2rem; }
  article { padding: .6rem .6rem; }
}
@media print {
  @page { margin: 10mm 12mm; }
  html { font-size: 9pt; } /* every rem below, and the body's text, in print sizes */
  body { font-size: 1rem; line-height: 1.3; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { margin: 1rem 0 .4rem; }
  h3 { margin: .4rem 0 .2rem; }
  h4 { margin: .3rem 0 .1rem; }
  p { margin: .2rem 0; }
  article { padding: .3rem .6rem; margin: .4rem 0; }
  dl { margin: .2rem 0; gap: 0 .6rem; }
  table { margin: .2rem 0; }
  th, td { padding: .05rem .4rem; }
  .figure { float: right; width: 48%; margin: 0 0 .2rem .8rem; }
  .goal table, .goal h4, .goal > p { clear: both; }
  .legend { margin: 0; }
  article.goal ~ article.goal .legend { display: none; } /* said once, under the first chart */
  svg.chart { max-width: 12cm; margin: .2rem 0; }
  ul.commitments { columns: 2; column-gap: 1.2rem; margin: .2rem 0; }
  ul.commitments li { padding: .1rem 0; }
  .meta, .plan { display: inline; margin-left: .4em; }
  .outcomes { display: none; } /* on paper each note is read once, with its commitment */
  blockquote { margin: .2rem 0; padding: .1rem .5rem; }
  footer { margin-top: .8rem; }
}
""".replace("@chart-font@", str(CHART_FONT)).replace("@chart-font-wide@", str(CHART_FONT_WIDE))


def goal_series(goal: GoalView, today: date) -> GoalSeries | None:
    """What a measurable goal's chart draws; None for a goal without a target."""
    if goal.target is None:
        return None
    points = tuple((checkin.date, checkin.value) for checkin in goal.checkins)
    start = min([goal.created, *(day for day, _ in points)])
    trend = None
    forecast = goal.forecast
    if forecast is not None and goal.deadline is not None and points:
        first = points[0][0]
        slope_per_day = forecast.slope_per_week / 7
        begin = forecast.projected - slope_per_day * (goal.deadline - first).days
        trend = ((first, begin), (goal.deadline, forecast.projected))
    return GoalSeries(
        title=goal.title,
        unit=goal.unit,
        points=points,
        start=start,
        today=today,
        baseline=goal.baseline,
        target=goal.target,
        deadline=goal.deadline,
        trend=trend,
    )


def html_commitment(commitment: CommitmentView) -> str:
    """One commitment as a list item: its mark, its status in words, its text, its goal, plan and note."""
    words = CommitmentStatus(commitment.status).words
    parts = [
        f'<li class="s-{commitment.status}"><span class="mark" aria-hidden="true">{words.mark}</span>'
        f'<span class="status">{words.label}</span>{esc(commitment.text)}'
    ]
    meta = []
    if commitment.goal_id is not None:
        meta.append(f"goal {commitment.goal_id}: {commitment.goal_title or ''}")
    if commitment.carried_from is not None:
        meta.append(f"carried from {commitment.carried_from_week or f'commitment {commitment.carried_from}'}")
    if commitment.carried_to:
        meta.append(f"carried to {commitment.carried_to}")
    if meta:
        parts.append(f'<span class="meta">{esc(" · ".join(meta))}</span>')
    days = days_line(commitment)
    if days:
        parts.append(f'<span class="days">{esc(days)}</span>')
    plan = plan_phrase(commitment)
    if plan:
        parts.append(f'<span class="plan">{esc(plan)}</span>')
    if commitment.note:
        parts.append(f'<span class="note">{esc(commitment.note)}</span>')
    return "".join(parts) + "</li>"


def html_commitments(commitments: list[CommitmentView] | tuple[CommitmentView, ...]) -> str:
    return '<ul class="commitments">' + "".join(html_commitment(c) for c in commitments) + "</ul>"


def html_goal(item: BriefGoal, view: BriefView) -> str:
    goal = item.goal
    facts = "".join(f"<dt>{esc(name)}</dt><dd>{esc(value)}</dd>" for name, value in goal_facts(goal))
    parts = [f'<article class="goal"><h3>Goal {goal.id}: {esc(goal.title)}</h3>']
    series = goal_series(goal, view.today)
    if series is not None:
        parts.append(
            f'<div class="figure">{goal_chart(series)}<p class="legend">The line: check-ins. Green: the target.'
            " Dashed grey: where it started. Dashed orange: the trend.</p></div>"
        )
    parts.append(f"<dl>{facts}</dl>")
    if item.checkins:
        rows = "".join(
            f'<tr><td>{checkin.date.isoformat()}</td><td class="num">{esc(format_number(checkin.value, goal.unit))}'
            f"</td><td>{esc(checkin.note or '')}</td></tr>"
            for checkin in item.checkins
        )
        parts.append(
            f"<h4>{esc(checkins_heading(item))}</h4><table><thead><tr><th>Date</th>"
            f'<th class="num">Value</th><th>Note</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    elif item.measurable or goal.measure:
        parts.append(f'<p class="muted">{esc(EMPTY["checkins"])}</p>')
    return "".join(parts) + "</article>"


def html_outcomes(item: BriefWeek) -> str:
    columns = []
    for key, commitments in (("helped", item.helped), ("in_the_way", item.in_the_way)):
        if commitments:
            listed = "".join(f"<li>{esc(commitment_outcome(c))}</li>" for c in commitments)
            columns.append(f"<div><h4>{HEADINGS[key]}</h4><ul>{listed}</ul></div>")
    return f'<div class="outcomes">{"".join(columns)}</div>' if columns else ""


def html_week(item: BriefWeek) -> str:
    week = item.week
    parts = [f'<article><h3>{week.week} <span class="muted">({esc(week_span(week.week))})</span></h3>']
    if not week.commitments:
        parts.append('<p class="muted">No commitments that week.</p>')
    else:
        parts.append(f'<p class="summary">{esc(counts_text(week.counts, week.completion_rate))}</p>')
        parts.append(html_commitments(week.commitments))
    parts.append(html_outcomes(item))
    if week.week_note:
        parts.append(f"<h4>Week note</h4><blockquote>{esc(week.week_note.text)}</blockquote>")
    return "".join(parts) + "</article>"


def html_reflection(reflection: ReflectionView) -> str:
    facts = [reflection.date.isoformat(), f"Reflection {reflection.id}"]
    if reflection.week:
        facts.append(f"week {reflection.week}")
    if reflection.goal_id is not None:
        facts.append(f"goal {reflection.goal_id}: {reflection.goal_title or ''}")
    if reflection.tags:
        facts.append(" ".join("#" + tag for tag in reflection.tags))
    parts = [
        f'<article><p class="muted">{esc(" · ".join(facts))}</p><p class="text">{esc(reflection.text)}</p>'
    ]
    if reflection.reframe:
        parts.append(f"<blockquote><strong>Reframe:</strong> {esc(reflection.reframe)}</blockquote>")
    questions = belief_questions(reflection)
    if questions:
        listed = "".join(f"<li>{esc(question)}</li>" for question in questions)
        parts.append(f'<ul class="beliefs">{listed}</ul>')
    return "".join(parts) + "</article>"


def html_brief(view: BriefView) -> str:
    """The whole brief as one HTML document."""
    title = brief_title(view)
    body = [f"<header><h1>{esc(title)}</h1>"]
    scope = scope_phrase(view)
    if scope:
        body.append(f'<p class="scope">{esc(scope)}</p>')
    body.append(f'<p class="summary">{esc(period_line(view))}</p></header>')

    body.append(f'<section id="goals"><h2>{HEADINGS["goals"]}</h2>')
    body += [html_goal(goal, view) for goal in view.goals] or [f'<p class="muted">{EMPTY["goals"]}</p>']
    body.append("</section>")

    body.append(f'<section id="weeks"><h2>{HEADINGS["weeks"]}</h2>')
    if any(week.week.completion_rate is not None for week in view.weeks):
        body.append(follow_through_chart(view.chart))
        body.append(
            f'<p class="legend">{chart_title(view.chart)}; a bar with nothing counted is left empty.</p>'
        )
    body += [html_week(week) for week in view.weeks] or [f'<p class="muted">{EMPTY["weeks"]}</p>']
    body.append("</section>")

    body.append(f'<section id="reflections"><h2>{HEADINGS["reflections"]}</h2>')
    body += [html_reflection(reflection) for reflection in view.reflections] or [
        f'<p class="muted">{EMPTY["reflections"]}</p>'
    ]
    body.append("</section>")

    week = str(view.planned_week)
    body.append(
        f'<section id="planned"><h2>{HEADINGS["planned"].format(week=week)}'
        f' <span class="muted">({esc(week_span(view.planned_week))})</span></h2>'
    )
    body.append(
        html_commitments(view.planned)
        if view.planned
        else f'<p class="muted">{EMPTY["planned"].format(week=week)}</p>'
    )
    body.append("</section>")

    if view.wanted:
        listed = "".join(
            f"<li><strong>{esc(wish.week)}</strong> {esc(wish.text)}</li>" for wish in view.wanted
        )
        body.append(f'<section id="wanted"><h2>{HEADINGS["wanted"]}</h2><ul>{listed}</ul></section>')
    body.append(f'<section id="strengths"><h2>{HEADINGS["strengths"]}</h2>')
    if not view.strengths:
        body.append(f'<p class="muted">{esc(EMPTY["strengths"])}</p>')
    for item in view.strengths:
        listed = "".join(f"<li>{esc(strategy_line(strategy))}</li>" for strategy in item.strategies)
        body.append(
            f"<h3>{esc(strength_heading(item))}</h3>"
            + (f"<ul>{listed}</ul>" if listed else f'<p class="muted">{esc(EMPTY["strategies"])}</p>')
        )
    body.append("</section>")

    body.append(f'<section id="questions"><h2>{HEADINGS["questions"]}</h2>')
    if not view.questions:
        body.append(f'<p class="muted">{esc(EMPTY["questions"])}</p>')
    else:
        listed = "".join(
            f'<li><span class="muted">{question.day.isoformat()}</span> {esc(question.text)}</li>'
            for question in view.questions
        )
        body.append(f'<ol class="questions">{listed}</ol>')
    body.append("</section>")
    body.append(
        f"<footer>Written by coach on {view.today.isoformat()}, from the journal on this computer."
        " This page runs no script and loads nothing from anywhere.</footer>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
