"""Belief language and self-talk in what a person writes, and the questions coach asks about it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachcli.domain.beliefs import (
    Belief,
    BeliefKind,
    belief_trend,
    last_quarter_start,
    most_telling,
    notice_beliefs,
    quarter_start,
)

OBLIGATION, REGRET, ABSOLUTE = BeliefKind.obligation, BeliefKind.regret, BeliefKind.absolute
LABEL, COMPARISON, INTENTION = BeliefKind.label, BeliefKind.comparison, BeliefKind.intention
JUDGEMENT = ("fail", "bad", "lazy", "wrong", "stupid", "excuse", "missed", "should have", "hopeless")


def found(text: str) -> list[tuple[str, BeliefKind]]:
    """The (phrase, kind) pairs noticed in a text."""
    return [(belief.phrase, belief.kind) for belief in notice_beliefs(text)]


# Each sentence with every phrase coach should notice in it, in order.
SENTENCES: list[tuple[str, list[tuple[str, BeliefKind]]]] = [
    # the sentences a coach found going unnoticed or answered with a question that did not fit
    (
        "I was too lazy and scared to send the emails, I should have just done it",
        [("I was too lazy", LABEL), ("should have just done", REGRET)],
    ),
    (
        "I failed again. I'm hopeless at following up",
        [("I failed", LABEL), ("I'm hopeless at following up", LABEL)],
    ),
    ("I must be more disciplined", [("must", OBLIGATION)]),
    ("I always let work eat my evenings", [("always", ABSOLUTE)]),
    ("I never have time for myself", [("never", ABSOLUTE)]),
    ("My doctor said I must get healthier", [("My doctor said I must", OBLIGATION)]),
    (
        "I should be running every day, and I must stop eating so late",
        [("should", OBLIGATION), ("must stop", INTENTION)],
    ),
    ("I should have started this career move years ago", [("should have started", REGRET)]),
    ("I have to stop comparing myself to others", [("have to stop comparing myself to others", INTENTION)]),
    ("I'm bad at networking", [("I'm bad at networking", LABEL)]),
    ("I'm hopeless", [("I'm hopeless", LABEL)]),
    ("I am useless with money", [("I am useless", LABEL)]),
    ("I'm not a morning person", [("I'm not a morning person", LABEL)]),
    ("I'm a failure", [("I'm a failure", LABEL)]),
    # obligations
    ("I should run more", [("should", OBLIGATION)]),
    ("Should I?", [("Should", OBLIGATION)]),
    ("I SHOULD", [("SHOULD", OBLIGATION)]),
    ("I shouldn't skip it", [("shouldn't", OBLIGATION)]),
    ("I shouldn\u2019t skip it", [("shouldn\u2019t", OBLIGATION)]),
    ("I should not skip it", [("should not", OBLIGATION)]),
    ("I mustn't stop now", [("mustn't", OBLIGATION)]),
    ("I Mustn\u2019t give in", [("Mustn\u2019t", OBLIGATION)]),
    ("I have to win", [("have to", OBLIGATION)]),
    ("She has to know", [("has to", OBLIGATION)]),
    ("I had to leave early", [("had to", OBLIGATION)]),
    ("I Have  To", [("Have To", OBLIGATION)]),
    ("I ought to call my sister", [("ought to", OBLIGATION)]),
    ("I've got to get this done", [("I've got to", OBLIGATION)]),
    ("I'm supposed to be the calm one", [("I'm supposed to", OBLIGATION)]),
    ("I should have a rest", [("should", OBLIGATION)]),
    ("I must have a plan by Monday", [("must", OBLIGATION)]),
    ("You should know better by now", [("should", OBLIGATION)]),
    # regrets about the past
    ("I should've called", [("should've called", REGRET)]),
    ("I shouldn't have said yes", [("shouldn't have said", REGRET)]),
    ("I could have done more", [("could have done", REGRET)]),
    ("I could've asked for help", [("could've asked", REGRET)]),
    ("I ought to have known", [("ought to have known", REGRET)]),
    ("If only I had listened", [("If only I had", REGRET)]),
    ("I wish I'd started sooner", [("I wish I'd", REGRET)]),
    ("I should have already sent it", [("should have already sent", REGRET)]),
    # absolutes
    ("NEVER again.", [("NEVER", ABSOLUTE)]),
    ("(always)", [("always", ABSOLUTE)]),
    ("Every time I try, it falls apart", [("Every time", ABSOLUTE)]),
    ("Nobody replies to my emails", [("Nobody", ABSOLUTE)]),
    ("No one noticed the work", [("No one", ABSOLUTE)]),
    ("I'm tired all the time", [("all the time", ABSOLUTE)]),
    ("Nothing ever changes", [("Nothing ever", ABSOLUTE)]),
    ("I constantly doubt it", [("constantly", ABSOLUTE)]),
    # labels about the self
    ("I'm so lazy", [("I'm so lazy", LABEL)]),
    ("I\u2019m such an idiot", [("I\u2019m such an idiot", LABEL)]),
    ("I am terrible at saying no", [("I am terrible at saying no", LABEL)]),
    ("I'm not good enough for that role", [("I'm not good enough", LABEL)]),
    ("I'm not cut out for management", [("I'm not cut out for management", LABEL)]),
    ("I always fail at the last step", [("I always fail", LABEL)]),
    ("I messed up the demo", [("I messed up", LABEL)]),
    ("I feel like a fraud", [("I feel like a fraud", LABEL)]),
    ("I'm no good at interviews", [("I'm no good at interviews", LABEL)]),
    ("I was lazy today", [("I was lazy", LABEL)]),
    # comparisons
    ("Everyone else seems to manage", [("Everyone else", COMPARISON)]),
    ("I'm so far behind", [("far behind", COMPARISON)]),
    ("All my friends have bought houses", [("All my friends", COMPARISON)]),
    ("People my age are managers already", [("People my age", COMPARISON)]),
    ("I keep comparing myself to my brother", [("comparing myself", COMPARISON)]),
    ("I'm falling behind on the course", [("falling behind", COMPARISON)]),
    # intentions that need no reframe, or a question that supports them
    ("I have to stop beating myself up", [("have to stop beating myself up", INTENTION)]),
    ("I want to be kinder to myself", [("want to be kinder to myself", INTENTION)]),
    ("I need to stop being so hard on myself", [("need to stop being so hard on myself", INTENTION)]),
    ("I should give myself a break", [("should give myself a break", INTENTION)]),
    ("I must stop\u2026", [("must stop", INTENTION)]),
    # negations: a freedom or a softened absolute is no belief to question
    ("I don't have to be perfect", []),
    ("I don\u2019t have to say yes", []),
    ("I no longer have to prove anything", []),
    ("It's not always like this", []),
    ("I almost never miss a run", []),
    ("I'm not lazy, I'm tired", []),
    ("I'm not hopeless at this", []),
    # expectations about things, guesses about the past
    ("It should work now", []),
    ("That must be hard", []),
    ("I must have forgotten the keys", []),
    ("There should be a bus at six", []),
    ("I could have a go at it", []),
    # other people's words
    ("My boss says I must be available at all times", [("My boss says I must", OBLIGATION)]),
    ("My mum always said I should marry", [("My mum always said I should", OBLIGATION)]),
    ("He told me I have to try harder", [("He told me I have to", OBLIGATION)]),
    ("She said \u201cyou should rest\u201d", [("should", OBLIGATION)]),
    # words that only look like belief language
    ("", []),
    ("My shoulder hurts", []),
    ("Shoulders back, chin up", []),
    ("Mustard on toast", []),
    ("A musty room", []),
    ("Forever young", []),
    ("Whenever I can", []),
    ("Nevertheless, I ran", []),
    ("Hallways and stairs", []),
    ("I have tomatoes", []),
    ("I thought to call", []),
    ("Shouldice hospital", []),
    ("should2", []),
    ("The cafe behind the station", []),
    ('The word "should" keeps coming up', []),
    # Markdown emphasis, capitals and typographic apostrophes
    ("I *never* rest", [("never", ABSOLUTE)]),
    ("I _always_ rest", [("always", ABSOLUTE)]),
    ("I **should** have called", [("should have called", REGRET)]),
    ("I\u2019m *hopeless*", [("I\u2019m hopeless", LABEL)]),
    ("EVERYONE ELSE is faster", [("EVERYONE ELSE", COMPARISON)]),
    ("I SHOULD HAVE KNOWN", [("SHOULD HAVE KNOWN", REGRET)]),
]


def test_the_table_holds_at_least_eighty_sentences() -> None:
    assert len(SENTENCES) >= 80


@pytest.mark.parametrize(("text", "expected"), SENTENCES, ids=[text[:40] for text, _ in SENTENCES])
def test_notices_every_phrase(text: str, expected: list[tuple[str, BeliefKind]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(("text", "expected"), SENTENCES, ids=[text[:40] for text, _ in SENTENCES])
def test_every_question_quotes_the_words_stays_open_and_never_judges(
    text: str, expected: list[tuple[str, BeliefKind]]
) -> None:
    for belief in notice_beliefs(text):
        if belief.question is None:
            assert belief.kind is INTENTION
            continue
        assert belief.question.startswith(f'You wrote "{belief.phrase}". ')
        assert belief.question.endswith("?")
        rest = belief.question.removeprefix(f'You wrote "{belief.phrase}". ').casefold()
        assert not any(word in rest for word in JUDGEMENT)
        assert "should" not in rest and "must" not in rest


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "I should run",
            'You wrote "should". Whose expectation is that, and what would you choose for yourself?',
        ),
        ("I must run", 'You wrote "must". What would happen if you didn\'t, and what do you want here?'),
        ("I mustn\u2019t stop", 'You wrote "mustn\u2019t". What would happen if you did, and who decides?'),
        ("I had to leave", 'You wrote "had to". What made it feel like there was no other choice?'),
        (
            "I should have started this career move years ago",
            'You wrote "should have started". What would you like to carry from that into what you do next?',
        ),
        ("I never rest", 'You wrote "never". Has there been a time, even once, when it went differently?'),
        ("Nobody helps", 'You wrote "Nobody". Is there anyone, even one person, for whom it is different?'),
        (
            "I'm bad at networking",
            'You wrote "I\'m bad at networking". When has it gone a little better, and what was different then?',
        ),
        (
            "I'm hopeless",
            'You wrote "I\'m hopeless". What would you say to a friend who said that about themselves?',
        ),
        ("I failed again", 'You wrote "I failed". What happened, and what did it teach you for next time?'),
        (
            "Everyone else is ahead",
            'You wrote "Everyone else". What does your own progress look like, measured from where you started?',
        ),
        (
            "I'm behind",
            'You wrote "I\'m behind". Whose timetable is that, and what pace would feel right for you?',
        ),
        (
            "My boss says I must",
            'You wrote "My boss says I must". Setting their words aside for a moment, what do you want here'
            " yourself?",
        ),
        ("I have to stop comparing myself", None),
        (
            "I must stop snacking",
            'You wrote "must stop". What would help you do it, and what would you like in its place?',
        ),
    ],
)
def test_the_question_fits_what_was_written(text: str, question: str | None) -> None:
    (belief,) = notice_beliefs(text)
    assert belief.question == question


def test_positions_point_at_the_words_in_the_original_text() -> None:
    text = "I *always* think I should, and I have to, but I never do."
    beliefs = notice_beliefs(text)
    assert [b.phrase for b in beliefs] == ["always", "should", "have to", "never"]
    for belief in beliefs:
        assert text[belief.start : belief.end].strip("*") == belief.phrase


def test_a_phrase_does_not_run_over_a_line_break() -> None:
    assert found("I should\nnot") == [("should", OBLIGATION)]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("I always say I should run, and I'm hopeless at it", "I'm hopeless at it"),
        ("I never rest and I should have stopped", "should have stopped"),
        ("I never rest, I should", "should"),
        ("My boss says I must, and I never say no", "never"),
        ("Everyone else runs. I always walk", "Everyone else"),
        ("I have to stop comparing myself, I never do it", "never"),
    ],
)
def test_the_most_telling_is_what_the_person_calls_themselves_then_regret_then_demands(
    text: str, phrase: str
) -> None:
    belief = most_telling(notice_beliefs(text))
    assert belief is not None and belief.phrase == phrase


@pytest.mark.parametrize("text", ["", "A good run", "I have to stop comparing myself"])
def test_nothing_to_ask_about(text: str) -> None:
    assert most_telling(notice_beliefs(text)) is None


def test_json_is_phrase_kind_and_question() -> None:
    (belief,) = notice_beliefs("I never rest")
    assert isinstance(belief, Belief)
    assert belief.to_json() == {
        "phrase": "never",
        "kind": "absolute",
        "question": 'You wrote "never". Has there been a time, even once, when it went differently?',
    }


@pytest.mark.parametrize(
    ("today", "this_quarter", "last_quarter"),
    [
        (date(2026, 11, 25), "2026-Q4", "2026-Q3"),
        (date(2027, 1, 1), "2027-Q1", "2026-Q4"),
        (date(2027, 3, 31), "2027-Q1", "2026-Q4"),
        (date(2027, 4, 1), "2027-Q2", "2027-Q1"),
    ],
)
def test_belief_trend_counts_by_calendar_quarter(today: date, this_quarter: str, last_quarter: str) -> None:
    start = quarter_start(today)
    texts = [
        (start, "I should rest and I never do"),
        (start - timedelta(days=1), "I should have asked"),
        (last_quarter_start(today) - timedelta(days=1), "I must, I must, I must"),  # too long ago
    ]
    trend = belief_trend(texts, today)
    assert (trend.this_quarter, trend.last_quarter) == (this_quarter, last_quarter)
    assert trend.should_thinking() == (1, 1)
    assert trend.now[ABSOLUTE] == 1 and trend.before[REGRET] == 1


# One phrase for every alternative of every pattern, in the spellings the patterns accept (someone else's
# words end where the pattern looks for them: before what the person was told).
EVERY_ALTERNATIVE = [
    "I should've known",
    "I could not have",
    "I ought to have gone",
    "I would have",
    "if only I'd asked",
    "if only I had",
    "I wish I'd",
    "I wish I had gone",
    "I should",
    "I shouldn't",
    "I must not",
    "I mustn't",
    "I ought to",
    "I oughtn't to",
    "I have to",
    "she has to",
    "I had to",
    "I've got to",
    "we have got to",
    "I gotta",
    "I'm supposed to",
    "we were supposed to",
    "I should stop comparing myself",
    "I will quit beating myself up",
    "I need to be kinder to myself",
    "I want to go easy on myself",
    "I'm going to let myself rest",
    "I can let it go",
    "I'll give myself a break",
    "try to give up sugar",
    "I choose to cut down",
    "trying to cut back",
    "I'm hopeless at maths",
    "I am so bad at networking",
    "I'm no good at this",
    "I'm not good at it",
    "I'm pants at chess",
    "I'm not a morning person",
    "I'm not good enough",
    "I'm not cut out for management",
    "I'm not smart enough",
    "I feel like a failure",
    "I'm an idiot",
    "I was a mess",
    "I'm a fraud",
    "I felt like a loser",
    "I'm a disaster",
    "I'm broken",
    "I'm incapable",
    "I'm inadequate",
    "I'm a procrastinator",
    "I'm too old",
    "I'm too late",
    "I'm undisciplined",
    "I'm a quitter",
    "I'm lazy",
    "I'm worthless",
    "I'm stupid",
    "I'm pathetic",
    "I'm weak",
    "I'm useless",
    "I'm terrible",
    "I'm rubbish",
    "I'm awful at it",
    "I'm crap at it",
    "I always fail",
    "I failed",
    "I keep failing",
    "I screwed up",
    "I mess up",
    "I messed up",
    "I blew it",
    "I ruin everything",
    "I ruined it",
    "I give up on everything",
    "I can't do anything right",
    "I never finish anything",
    "I can never",
    "too lazy",
    "so lazy",
    "everyone else",
    "everybody my age",
    "people my age",
    "all my friends",
    "all my colleagues",
    "all my peers",
    "other people",
    "compared to",
    "compared with",
    "comparing myself",
    "at my age",
    "for my age",
    "than everybody",
    "I'm behind",
    "falling behind",
    "always behind",
    "I've fallen behind",
    "I always",
    "I never",
    "every single time",
    "every time",
    "all the time",
    "nobody",
    "no one",
    "no-one",
    "nothing ever",
    "everything always",
    "constantly",
    "my mum says I ",
    "my boss thinks that I ",
    "he told me I ",
    "they keep saying I ",
    "she insisted I'd ",
    "dad believes I ",
    "my coach reckons I ",
    "people used to say I ",
]


@pytest.mark.parametrize(
    "text", [text for text, _ in SENTENCES] + EVERY_ALTERNATIVE + [t.upper() for t in EVERY_ALTERNATIVE]
)
def test_a_pattern_is_only_skipped_for_a_text_it_cannot_match(text: str) -> None:
    """Each pattern is compiled and run only on texts that hold one of its words: never on one it matches."""
    from coachcli.domain import beliefs

    norm = beliefs._normalised(text)
    for name, pattern in vars(beliefs).items():
        if isinstance(pattern, beliefs._Pattern) and pattern.compiled.search(norm):
            assert pattern.may_match(norm.casefold()), (name, text)


WORDS_AROUND = st.text(alphabet="abcdefghijklmnopqrstuvwxyz '.,-", max_size=30)


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_a_pattern_is_never_skipped_for_a_text_drawn_from_the_pattern_itself(data: st.DataObject) -> None:
    """Phrases drawn from each pattern, among other words and in any case: the pattern is run on each."""
    from coachcli.domain import beliefs

    patterns = {name: value for name, value in vars(beliefs).items() if isinstance(value, beliefs._Pattern)}
    name = data.draw(st.sampled_from(sorted(patterns)))
    pattern = patterns[name]
    phrase = data.draw(
        st.from_regex(pattern.lowercase, fullmatch=True, alphabet=st.characters(codec="ascii"))
    )
    case = data.draw(st.sampled_from([str.lower, str.upper, str.title]))
    text = case(f"{data.draw(WORDS_AROUND)} {phrase} {data.draw(WORDS_AROUND)}")
    cased = beliefs._Cased.of(beliefs._normalised(text))
    if (pattern.lowercase if cased.lower else pattern.compiled).search(cased.text):
        assert pattern.may_match(cased.folded), (name, text)


def test_a_word_inside_another_word_runs_no_pattern_that_needs_it() -> None:
    """ "Told", "cold" and "translate" do not hold "old" and "late": "I'm too old" needs them as words."""
    from coachcli.domain import beliefs

    assert beliefs._LABEL.may_match("i'm too old")
    assert not beliefs._LABEL.may_match("i'm too cold, i told them to translate it")
    assert beliefs._REGRET.may_match("i should've known")


def test_each_alternative_is_matched_by_a_pattern() -> None:
    """The phrases above reach the patterns (so the test before checks each pattern's words on them)."""
    from coachcli.domain import beliefs

    patterns = [value for value in vars(beliefs).values() if isinstance(value, beliefs._Pattern)]
    unmatched = [
        text
        for text in EVERY_ALTERNATIVE
        if not any(pattern.compiled.search(beliefs._normalised(text)) for pattern in patterns)
    ]
    assert unmatched == []


def test_every_gap_between_words_but_a_line_break_is_read_as_a_space() -> None:
    """The patterns' gaps are plain spaces: _normalised makes every other space character (not \\n, \\r) one."""
    import sys

    from coachcli.domain import beliefs

    gaps = {chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()} - {" ", "\n", "\r"}
    assert set(beliefs._GAPS) == gaps
    assert beliefs._normalised("I\tshould\u00a0have\u3000known\nthen") == "I should have known\nthen"
    assert [belief.phrase for belief in beliefs.notice_beliefs("I\tshould\u2003have known")] == [
        "should have known"
    ]


@pytest.mark.parametrize(
    "text",
    [text for text, _ in SENTENCES]
    + EVERY_ALTERNATIVE
    + [t.upper() for t in EVERY_ALTERNATIVE]
    + [t.title() for t in EVERY_ALTERNATIVE],
)
def test_a_pattern_finds_the_same_in_lower_case_as_with_ignorecase(text: str) -> None:
    """Each pattern reads the text in lower case (faster to compile): it finds what IGNORECASE finds."""
    from coachcli.domain import beliefs

    norm = beliefs._normalised(text)
    for name, pattern in vars(beliefs).items():
        if isinstance(pattern, beliefs._Pattern):
            either_case = [(m.span(), {k: v and v.lower() for k, v in m.groupdict().items()})
                           for m in pattern.compiled.finditer(norm)]  # fmt: skip
            lower_case = [(m.span(), m.groupdict()) for m in pattern.lowercase.finditer(norm.lower())]
            assert lower_case == either_case, (name, text)


def test_a_letter_whose_lower_case_is_longer_keeps_every_position() -> None:
    """ "İ" is two characters in lower case: such a text is read as written, so phrases stay where they are."""
    from coachcli.domain.beliefs import notice_beliefs

    text = "İstanbul: I should call more, I always forget"
    assert [(b.phrase, text[b.start : b.end]) for b in notice_beliefs(text)] == [
        ("should", "should"),
        ("always", "always"),
    ]
