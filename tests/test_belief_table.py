"""Belief language as coaching material writes it: a table of sentences coach must notice, with their kind, and
sentences that only use the same words for a plain fact, which it must leave alone.

The noticed sentences follow the classic examples of cognitive distortions in CBT self-help and coaching books
and worksheets (Burns' "Feeling Good" list: should statements, labelling, overgeneralisation, mind-reading,
fortune-telling and magnification; Ellis' "musts"; Beck's automatic thoughts), in the words a person writes in a
weekly journal. The sentences left alone are the ordinary, factual uses of the same words from the same
journals: errands with a time, ways of speaking, weather, good news, strengths.
"""

from __future__ import annotations

import pytest

from coachcli.domain.beliefs import BeliefKind, most_telling, notice_beliefs

OBLIGATION, REGRET, ABSOLUTE = BeliefKind.obligation, BeliefKind.regret, BeliefKind.absolute
LABEL, COMPARISON = BeliefKind.label, BeliefKind.comparison
MIND_READING, CATASTROPHISING = BeliefKind.mind_reading, BeliefKind.catastrophising

NOTICED: list[tuple[str, BeliefKind]] = [
    # labelling: a name for the whole self from one event
    ("I am a bad manager", LABEL),
    ("I'm a terrible mother", LABEL),
    ("I'm such a bad friend", LABEL),
    ("I'm a lousy listener", LABEL),
    ("I am a loser", LABEL),
    ("I'm an idiot for forgetting the slides", LABEL),
    ("I'm a failure at this job", LABEL),
    ("I'm useless", LABEL),
    ("I'm not good enough for this team", LABEL),
    ("I'm so stupid", LABEL),
    ("I'm hopeless with deadlines", LABEL),
    ("I can't do public speaking", LABEL),
    ("I can't handle conflict", LABEL),
    ("I'm not a people person", LABEL),
    ("I'm terrible at delegating", LABEL),
    ("I'm bad at saying no", LABEL),
    ("I feel like a fraud in this role", LABEL),
    ("I'm a procrastinator, plain and simple", LABEL),
    ("I messed up the one-to-one with Sam", LABEL),
    ("I blew it in the interview", LABEL),
    ("I'm too old to change careers", LABEL),
    ("I'm not smart enough for the course", LABEL),
    ("I'm weak for giving in", LABEL),
    ("I'm a terrible leader", LABEL),
    # should statements and musts, on oneself and on others
    ("I need to be perfect", OBLIGATION),
    ("I have to be perfect at everything", OBLIGATION),
    ("I should be able to handle this on my own", OBLIGATION),
    ("I must never make mistakes", OBLIGATION),
    ("I should be further along by now", OBLIGATION),
    ("I must get this promotion", OBLIGATION),
    ("I have to get everyone to like me", OBLIGATION),
    ("I ought to be happier than I am", OBLIGATION),
    ("They should respect me more", OBLIGATION),
    ("He should appreciate me", OBLIGATION),
    ("People should listen to me", OBLIGATION),
    ("I'm supposed to be the strong one", OBLIGATION),
    ("I shouldn't feel this anxious", OBLIGATION),
    ("I've got to prove myself", OBLIGATION),
    # looking back
    ("I should have seen it coming", REGRET),
    ("I shouldn't have snapped at her", REGRET),
    ("I could have prepared more", REGRET),
    ("If only I had spoken up", REGRET),
    ("I wish I'd said no", REGRET),
    ("I should've asked for help sooner", REGRET),
    # overgeneralisation
    ("I always mess things up", LABEL),
    ("Nobody ever listens to me", ABSOLUTE),
    ("I never get anything right", ABSOLUTE),
    ("Every time I try something new it goes wrong", ABSOLUTE),
    ("Nothing ever works out for me", ABSOLUTE),
    ("It always goes wrong at the last minute", ABSOLUTE),
    ("I'm always the one who gets left out", ABSOLUTE),
    ("No one cares about my ideas", ABSOLUTE),
    ("I never finish what I start", ABSOLUTE),
    ("I constantly let people down", ABSOLUTE),
    # comparing
    ("Everyone else seems to have it figured out", COMPARISON),
    ("All my friends are further ahead", COMPARISON),
    ("People my age already run their own teams", COMPARISON),
    ("I'm so far behind where I should be", COMPARISON),
    ("Compared to Anna I'm slow", COMPARISON),
    # mind-reading: knowing what others think without asking
    ("I have to get it right or they will think I am a fraud", MIND_READING),
    ("Everyone expects me to have the answers", MIND_READING),
    ("They think I'm not up to the job", MIND_READING),
    ("My boss thinks I'm lazy", MIND_READING),
    ("She must think I'm an idiot", MIND_READING),
    ("They'll think I can't cope", MIND_READING),
    ("People will see me as weak", MIND_READING),
    ("The team are judging me", MIND_READING),
    ("He didn't reply, he must be annoyed with me", MIND_READING),
    ("My manager expects me to work weekends", MIND_READING),
    ("Everyone is laughing at me", MIND_READING),
    ("I know they think I'm too junior", MIND_READING),
    ("My colleagues probably think I'm slacking", MIND_READING),
    ("They will find out I have no idea what I'm doing", MIND_READING),
    # catastrophising and fortune-telling
    ("If the launch slips it will be a disaster", CATASTROPHISING),
    ("This is the worst thing that could happen", CATASTROPHISING),
    ("I'll lose my job over this", CATASTROPHISING),
    ("Everything will fall apart while I'm away", CATASTROPHISING),
    ("My career is over", CATASTROPHISING),
    ("I'll make a fool of myself at the conference", CATASTROPHISING),
    ("I'll never get another job like this", CATASTROPHISING),
    ("It's the end of the world if I miss the deadline", CATASTROPHISING),
    ("I can't cope with another week like this", CATASTROPHISING),
    ("What if I freeze in front of everyone", CATASTROPHISING),
    ("The presentation is going to be a nightmare", CATASTROPHISING),
]

LEFT_ALONE: list[str] = [
    # errands and plans with a time
    "I have to pick up the kids at 5",
    "I have to leave at 6 for the train",
    "We have to be at the station by 7:30",
    "I must collect the car from the garage",
    "I have to drop off the forms at noon",
    "She has to pick up her mum at 3pm",
    "I have to renew my passport",
    # ways of speaking
    "I must admit it went well",
    "I have to say the workshop was great",
    "I must say, the team surprised me",
    "I have to admit I enjoyed the run",
    "I must confess I liked the feedback",
    "I have to agree with Priya on this one",
    # plain facts about things and the weather
    "It never rains here in August",
    "It always snows in January",
    "The office is never open on Sundays",
    "The train always leaves from platform 2",
    "There is always coffee in the kitchen",
    "The shop never opens before nine",
    "It should arrive on Tuesday",
    "The report should be ready by Friday",
    "That must be the new building",
    "There should be a bus at six",
    "It must have been the wifi",
    # good news
    "Nobody objected",
    "Nobody objected to the new rota",
    "No one complained about the change",
    "Nobody got hurt",
    "No one minded that I left early",
    "Nobody disagreed with the plan",
    # strengths and habits said as they are
    "I always do my best",
    "I always try my best with new people",
    "I always enjoy the Friday run",
    "I always show up for my team",
    "I never give up on a good idea",
    "I always feel better after a walk",
    # freedoms and softened absolutes
    "I don't have to be perfect",
    "I don't need to be perfect",
    "I no longer have to say yes to everything",
    "It's not always easy, and that's fine",
    "I almost never skip my run now",
    "I'm not lazy, I was exhausted",
    # guesses about the past, expectations of others
    "I must have left it at home",
    "They should arrive at six",
    "He should be back tomorrow",
    "She must have been busy",
    # ordinary words that share letters or forms
    "My shoulder is better",
    "Mustard on the sandwich",
    "Forever grateful for the help",
    "Nevertheless, I finished it",
    "I thought about calling her",
    "They thought the venue was great",
    "She thinks the plan is good",
    "My manager expects the report on Monday",
    "The team expects the release next week",
    "I know they liked the demo",
    "I told my boss I'd be late",
    "A good talk with my manager",
    "I had a bad day but slept well",
    "I was bad at chess as a kid and now I love it",
    "The worst part is over and it went fine",
    "I can't do Tuesday, so I moved it",
    "I can do public speaking now",
    "The kids were lovely today",
    "We compared notes after the meeting",
    "I ran behind the bus and caught it",
    "The cafe behind the station is good",
    "My friends came round for dinner",
    "Other than that, a quiet week",
    "Every Monday I plan the week",
    "I finished the course",
    "I said no to the extra project and felt fine",
    "I asked for help and got it",
    "The disaster recovery test passed",
    "We watched a film about a shipwreck",
    "I read a book on catastrophe theory",
    "What if we tried a walking meeting?",
    "She is a great manager",
    "I am a manager of a team of six",
    "I'm a runner now",
]


def test_the_table_holds_at_least_150_sentences_half_each_way() -> None:
    assert len(NOTICED) + len(LEFT_ALONE) >= 150
    assert len(NOTICED) >= 75 and len(LEFT_ALONE) >= 75


@pytest.mark.parametrize(("text", "kind"), NOTICED, ids=[text[:40] for text, _ in NOTICED])
def test_noticed_with_the_right_kind(text: str, kind: BeliefKind) -> None:
    belief = most_telling(notice_beliefs(text))
    assert belief is not None, text
    assert belief.kind is kind, [(b.phrase, b.kind) for b in notice_beliefs(text)]
    assert belief.question is not None and belief.question.endswith("?")


@pytest.mark.parametrize("text", LEFT_ALONE, ids=[text[:40] for text in LEFT_ALONE])
def test_plain_facts_are_left_alone(text: str) -> None:
    assert [(b.phrase, b.kind) for b in notice_beliefs(text)] == []


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "I have to get it right or they will think I am a fraud",
            'You wrote "they will think I am a fraud". What do you know, and what are you guessing?',
        ),
        (
            "Everyone expects me to have the answers",
            'You wrote "Everyone expects me to have the answers". What do you know, and what are you guessing?',
        ),
        ("I need to be perfect", 'You wrote "need to be perfect". What would good enough look like here?'),
        (
            "They should respect me more",
            'You wrote "They should respect me". What could you ask of them, and what is theirs to choose?',
        ),
        (
            "It will be a disaster",
            'You wrote "It will be a disaster". What is most likely to happen, and how would you handle it if it'
            " came to the worst?",
        ),
        (
            "I can't do public speaking",
            'You wrote "I can\'t do public speaking". When has it gone a little better, and what was different'
            " then?",
        ),
        (
            "I am a bad manager",
            'You wrote "I am a bad manager". What would you say to a friend who said that about themselves?',
        ),
    ],
)
def test_the_new_kinds_ask_what_fits(text: str, question: str) -> None:
    belief = most_telling(notice_beliefs(text))
    assert belief is not None and belief.question == question


@pytest.mark.parametrize("text", [text for text, _ in NOTICED] + LEFT_ALONE)
def test_each_pattern_is_compiled_for_every_text_it_matches(text: str) -> None:
    """A pattern runs only on texts holding one of its words, and reads lower case as IGNORECASE does."""
    from coachcli.domain import beliefs

    norm = beliefs._normalised(text)
    for name, pattern in vars(beliefs).items():
        if isinstance(pattern, beliefs._Pattern):
            if pattern.compiled.search(norm):
                assert pattern.may_match(norm.casefold()), (name, text)
            spans = [m.span() for m in pattern.compiled.finditer(norm)]
            assert [m.span() for m in pattern.lowercase.finditer(norm.lower())] == spans, (name, text)


def test_saying_yes_is_a_demand_though_saying_so_is_not() -> None:
    assert [(b.phrase, b.kind) for b in notice_beliefs("I have to say yes to everyone")] == [
        ("have to", OBLIGATION)
    ]
    assert notice_beliefs("I have to say it went well") == []
