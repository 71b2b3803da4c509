"""Belief language and self-talk in what a person writes, each with a question that fits what was written.

`notice_beliefs(text)` finds every phrase: obligations ("should", "must", "have to"), regrets about the past
("should have", "could have"), absolutes ("always", "never", "nobody"), labels about the self ("I'm hopeless",
"I'm bad at networking", "I failed"), comparisons ("everyone else", "behind") and intentions that need no
reframe ("I have to stop comparing myself"). `most_telling(beliefs)` picks the one question worth asking first.
Pure: text in, values out.
"""

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, NamedTuple


class BeliefKind(StrEnum):
    """The family a phrase belongs to; the value is the name in JSON."""

    obligation = "obligation"
    regret = "regret"
    absolute = "absolute"
    label = "label"
    comparison = "comparison"
    intention = "intention"
    mind_reading = "mind_reading"
    catastrophising = "catastrophising"

    @property
    def label_text(self) -> str:
        """What a person reads for the kind."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    BeliefKind.obligation: "should / must",
    BeliefKind.regret: "looking back",
    BeliefKind.absolute: "always / never",
    BeliefKind.label: "a label for yourself",
    BeliefKind.comparison: "comparing",
    BeliefKind.intention: "an intention",
    BeliefKind.mind_reading: "guessing what others think",
    BeliefKind.catastrophising: "expecting the worst",
}

# Which question to ask first when a text holds several: what a person calls themselves tells the most.
_WEIGHT = {
    BeliefKind.mind_reading: 5,
    BeliefKind.label: 5,
    BeliefKind.catastrophising: 4,
    BeliefKind.regret: 4,
    BeliefKind.obligation: 3,
    BeliefKind.comparison: 3,
    BeliefKind.absolute: 2,
    BeliefKind.intention: 1,
}


class Belief(NamedTuple):
    """One phrase as the person wrote it (markup left out), its kind, and the question it invites (or None)."""

    phrase: str
    kind: BeliefKind
    question: str | None
    start: int
    end: int
    others: bool = False  # someone else's words: "my boss says I must", or inside a quotation

    def to_json(self) -> dict[str, Any]:
        """The SPEC's belief object."""
        return {"phrase": self.phrase, "kind": str(self.kind), "question": self.question}


# --- reading the text -----------------------------------------------------------------------------------

_GAP = r"\ +"  # spaces (tabs and other gaps are made spaces by _normalised), not a line break
_W = r"(?<![\w'])"  # no letter, digit or apostrophe just before
_E = r"(?![\w])"  # no letter or digit just after
_MARKUP = re.compile(r"[*_~`]")
_SELF = rf"(?:I{_GAP}am|I'm|Im|I{_GAP}was|I've{_GAP}been|I{_GAP}have{_GAP}been|I{_GAP}feel|I{_GAP}felt)"
_DEGREE = (
    rf"(?:(?:so|too|really|just|such|completely|totally|utterly|pretty|very|like|a|an|always|still){_GAP})*"
)
_OBJECT = rf"(?P<object>[^\W\d]+(?:{_GAP}[^\W\d]+){{0,3}})"
_STOP_WORDS = {"and", "but", "so", "because", "when", "or", "then", "which", "that", "again", "anyway", "too"}


# Typographic apostrophes and quotes made plain; every gap between words but a line break made a space.
# (The gaps: every character str.isspace() knows but "\n" and "\r"; tests/test_beliefs.py checks the list.)
_GAPS = (
    "\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_PLAIN = {0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"', 0x02BC: "'"} | dict.fromkeys(
    map(ord, _GAPS), " "
)


def _normalised(text: str) -> str:
    """The text with plain apostrophes, quotes and spaces, and Markdown emphasis blanked: the same length."""
    return _MARKUP.sub(" ", text.translate(_PLAIN))


class _Cased(NamedTuple):
    """A normalised text as the patterns read it: in lower case when that keeps its length (nearly always)."""

    text: str
    lower: bool  # whether `text` is in lower case (else it is as written, for IGNORECASE)
    folded: str  # casefolded, for the patterns' words

    @classmethod
    def of(cls, norm: str) -> "_Cased":
        lowered = norm.lower()
        if len(lowered) == len(norm):
            return cls(lowered, True, norm.casefold())
        return cls(norm, False, norm.casefold())  # e.g. "İ": lower case would shift every position after it


class _Pattern:
    """A belief pattern, compiled the first time a text holds the words one of its alternatives needs.

    Compiling the patterns costs more than showing a journal page; most texts could match only a few of them.
    `needs` says which words a match holds: "a b + c | d" is (a or b) and c, or d. A word counts where it
    begins a word of the text ("old" is not in "told"); one that starts with an apostrophe ("'ve") counts
    anywhere. A pattern reads the text in lower case (`lowercase`), which compiles a third faster than
    IGNORECASE and matches the same; `compiled` (IGNORECASE) reads a text whose lower case would change
    its length. tests/test_beliefs.py checks the needs on every sentence it knows and on texts drawn from the
    patterns themselves, and that both cases find the same.
    """

    def __init__(self, source: str, needs: str) -> None:
        self.source = source  # "I" is the only capital letter in a pattern: in lower case it is "i"
        self.needs = tuple(  # casefolded
            tuple(frozenset(group.split()) for group in alternative.split("+"))
            for alternative in needs.split("|")
        )
        self.words = tuple(dict.fromkeys(needs.replace("|", " ").replace("+", " ").split()))  # each once
        self._compiled: re.Pattern[str] | None = None
        self._lowercase: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, re.IGNORECASE | re.VERBOSE)
        return self._compiled

    @property
    def lowercase(self) -> re.Pattern[str]:
        if self._lowercase is None:
            self._lowercase = re.compile(self.source.replace("I", "i"), re.VERBOSE)
        return self._lowercase

    def may_match(self, folded: str) -> bool:
        """Whether a text (casefolded) holds the words one of the pattern's alternatives needs."""
        held = {word for word in self.words if word in folded and _begins_a_word(word, folded)}
        return bool(held) and any(
            all(not held.isdisjoint(group) for group in alternative) for alternative in self.needs
        )

    def finditer(self, cased: _Cased) -> Iterator[re.Match[str]]:
        if not self.may_match(cased.folded):
            return iter(())
        return (self.lowercase if cased.lower else self.compiled).finditer(cased.text)

    def search(self, norm: str) -> re.Match[str] | None:
        cased = _Cased.of(norm)
        if not self.may_match(cased.folded):
            return None
        return (self.lowercase if cased.lower else self.compiled).search(cased.text)


def _begins_a_word(word: str, folded: str) -> bool:
    """Whether `word` begins a word of the text (a suffix such as "'ve" anywhere in it)."""
    if word.startswith("'"):
        return word in folded
    position = folded.find(word)
    while position > 0 and folded[position - 1].isalnum():
        position = folded.find(word, position + 1)
    return position != -1


def _rx(pattern: str, needs: str) -> _Pattern:
    return _Pattern(pattern, needs)


_PARTICIPLE_ENDINGS = ("ed", "en", "wn", "ne", "ht")
_PARTICIPLES = {
    "been", "done", "gone", "known", "seen", "taken", "made", "said", "told", "sent", "got", "gotten", "put",
    "left", "kept", "let", "run", "come", "become", "begun", "spent", "met", "felt", "held", "found", "built",
    "paid", "read", "sat", "stood", "slept", "quit", "set", "spoken", "written", "eaten", "driven", "given",
    "chosen", "forgotten", "tried", "applied", "stayed", "studied",
}  # fmt: skip
_ADVERBS = {"just", "already", "really", "never", "at", "least", "not", "been"}


def _is_participle(word: str) -> bool:
    """Whether a word reads as a past participle ("started", "done"), so that "should have" looks back."""
    lowered = word.casefold()
    return lowered in _PARTICIPLES or (len(lowered) > 3 and lowered.endswith(_PARTICIPLE_ENDINGS))


def _words_after(norm: str, position: int, count: int) -> list[str]:
    """The next few words after a position, on the same line and up to the next punctuation."""
    rest = re.match(r"[^.!?;:,\n\r\"()]*", norm[position:])
    return re.findall(r"[\w']+", rest.group() if rest else "")[:count]


def _words_before(norm: str, position: int, count: int) -> list[str]:
    """The few words before a position, within its clause."""
    start = max(
        norm.rfind(mark, 0, position) for mark in (".", "!", "?", ";", ",", "\n", "\r", '"', "(", ")")
    )
    return [word.casefold() for word in re.findall(r"[\w']+", norm[start + 1 : position])][-count:]


_NEGATORS = {
    "not",
    "don't",
    "doesn't",
    "didn't",
    "dont",
    "no",
    "never",
    "isn't",
    "aren't",
    "wasn't",
    "i'm not",
}
_HEDGES = {"almost", "nearly", "hardly", "not", "rarely", "seldom", "don't", "doesn't", "isn't", "aren't"}


# --- the patterns ---------------------------------------------------------------------------------------

_REGRET = _rx(
    rf"""{_W}(?P<trigger>
        (?:should|could|ought{_GAP}to|would)(?:{_GAP}not|n't)?(?:{_GAP}have|'ve)
      | if{_GAP}only{_GAP}I(?:{_GAP}had|'d)
      | I{_GAP}wish{_GAP}I(?:{_GAP}had|'d)
    ){_E}""",
    "should could ought would + have 've | if + only | wish",
)
_OBLIGATION = _rx(
    rf"""{_W}(?P<trigger>
        should(?:n't|{_GAP}not)?
      | must(?:n't|{_GAP}not)?
      | ought(?:n't)?{_GAP}to
      | ha(?:ve|s|d){_GAP}to
      | (?:(?:I|we|you)'ve|have|has){_GAP}got{_GAP}to | gotta
      | (?:am|is|are|was|were|I'm|'re|'s){_GAP}supposed{_GAP}to
      | needs?{_GAP}to{_GAP}be{_GAP}(?:perfect|flawless)
    ){_E}""",
    "should must ought have has had got supposed perfect flawless",
)
_INTENTION = _rx(
    rf"""{_W}(?P<trigger>
        (?:should|must|ha(?:ve|s){_GAP}to|need{_GAP}to|ought{_GAP}to|want{_GAP}to|will|I'll|going{_GAP}to
           |(?:am|I'm){_GAP}going{_GAP}to|choose{_GAP}to|trying{_GAP}to|try{_GAP}to|I{_GAP}can)
        {_GAP}(?P<action>
            (?:stop|quit){_GAP}(?:comparing|beating|criticising|criticizing|judging|blaming|doubting|putting
                |punishing|being{_GAP}(?:so{_GAP}|too{_GAP})?(?:hard|harsh|mean|critical)|worrying|apologi[sz]ing
                |overthinking|people{_GAP}pleasing|people-pleasing)(?:{_GAP}[\w']+){{0,3}}
          | be{_GAP}(?:kinder|gentler|gentle|kind|patient|easier)(?:{_GAP}with|{_GAP}to|{_GAP}on)?{_GAP}myself
          | go{_GAP}easy{_GAP}on{_GAP}myself
          | let{_GAP}(?:myself|it){_GAP}(?:rest|off|go|be)
          | give{_GAP}myself{_GAP}(?:a{_GAP}break|credit|time|permission|some{_GAP}credit)
          | (?:stop|quit|give{_GAP}up|cut{_GAP}down|cut{_GAP}back)
        )
    ){_E}""",
    "stop quit myself let give cut",
)
# A string: `re` compiles it when an intention is first found.
_SELF_COMPASSION = (
    r"(?i)comparing|beating|criticising|criticizing|judging|blaming|doubting|putting|punishing|being|worrying"
    r"|apologi[sz]ing|overthinking|people|kind|gentle|patient|easier|easy|let|give"
)
_LABEL = _rx(
    rf"""{_W}(?P<trigger>
        {_SELF}{_GAP}{_DEGREE}(?:bad|terrible|awful|lousy|rubbish|useless|hopeless|crap|poor|horrible|pathetic)
            {_GAP}(?!(?:at|today|yesterday|with|about|and|but|so|in|on|for|to|this|that|again|lately)(?![\w']))
            (?:mother|father|mum|mom|dad|parent|manager|boss|leader|friend|partner|wife|husband|son|daughter
            |sister|brother|person|teacher|colleague|writer|runner|student|employee|coach|cook|listener|speaker
            |engineer|designer|doctor|nurse|lead|human|human{_GAP}being|role{_GAP}model|[^\W\d]+er|[^\W\d]+or)
      | {_SELF}{_GAP}{_DEGREE}(?:
            (?P<at>hopeless|useless|bad|terrible|rubbish|awful|crap|no{_GAP}good|not{_GAP}good|hopeless|pants)
                {_GAP}at{_GAP}{_OBJECT}
          | (?:not{_GAP}(?:a|an){_GAP}[\w-]+{_GAP}person)
          | not{_GAP}good{_GAP}enough | not{_GAP}cut{_GAP}out{_GAP}for{_GAP}[\w]+ | not{_GAP}(?:smart|clever
                |strong|disciplined|organi[sz]ed|talented){_GAP}enough
          | (?:hopeless|lazy|useless|worthless|stupid|pathetic|weak|a{_GAP}failure|failure|an{_GAP}idiot|idiot
                |a{_GAP}mess|mess|a{_GAP}fraud|fraud|a{_GAP}loser|loser|a{_GAP}disaster|disaster|not{_GAP}enough
                |broken|incapable|inadequate|rubbish|terrible|hopeless|a{_GAP}procrastinator|procrastinator
                |too{_GAP}old|too{_GAP}late|undisciplined|a{_GAP}quitter)
        )
      | I{_GAP}(?:always{_GAP}|just{_GAP}|keep{_GAP})?(?:failed|fail|failing|screwed{_GAP}up|mess{_GAP}up
            |messed{_GAP}up|mess{_GAP}(?:things|it|everything){_GAP}up|blew{_GAP}it|ruin|ruined|give{_GAP}up{_GAP}on{_GAP}everything)
      | I{_GAP}(?:can't|cannot|can{_GAP}not){_GAP}(?:do|handle|manage){_GAP}(?:public{_GAP}speaking|presentations?
            |speeches|small{_GAP}talk|maths?|numbers|interviews?|conflict|confrontation|networking|sales|people
            |this{_GAP}job|anything)
      | I{_GAP}can't{_GAP}do{_GAP}anything{_GAP}right
      | I{_GAP}never{_GAP}finish{_GAP}anything
      | I{_GAP}can{_GAP}never
      | (?:too|so){_GAP}lazy
    ){_E}""",
    "bad terrible awful lousy rubbish useless hopeless crap poor horrible pathetic | good pants + at"
    " | person + not | enough + not | cut + out | too + old late | give + everything"
    " | lazy worthless stupid weak fail idiot mess fraud loser disaster broken incapable inadequate"
    " procrastinator undisciplined quitter screwed blew ruin"
    " | can + do handle manage + speaking presentation speeches talk math numbers interview conflict"
    " confrontation networking sales people job anything | never + finish | can + never",
)
_COMPARISON = _rx(
    rf"""{_W}(?P<trigger>
        every(?:one|body){_GAP}else | every(?:one|body){_GAP}my{_GAP}age | people{_GAP}my{_GAP}age
      | all{_GAP}my{_GAP}(?:friends|colleagues|peers) | other{_GAP}people | compared{_GAP}(?:to|with)
      | comparing{_GAP}myself | (?:at|for){_GAP}my{_GAP}age | than{_GAP}every(?:one|body)
      | (?:I'm|I{_GAP}am|I{_GAP}was|I{_GAP}feel|I{_GAP}felt|falling|fall|fell|so|far|way|getting|got|left
            |lagging|still|I've{_GAP}fallen|always){_GAP}behind
    ){_E}""",
    "everyone everybody + else | age + my | friends colleagues peers + all | other + people | compared"
    " | comparing + myself | than + everyone everybody | behind",
)
_ABSOLUTE = _rx(
    rf"""{_W}(?P<trigger>
        always | never | every{_GAP}single{_GAP}time | every{_GAP}time | all{_GAP}the{_GAP}time
      | nobody | no{_GAP}one | no-one | nothing{_GAP}ever | everything{_GAP}always | constantly
    ){_E}""",
    "always never every time nobody one nothing constantly",
)
_OTHERS = (  # who a person guesses the mind of
    rf"(?:they|he|she|people|everyone|everybody|others|the{_GAP}others|the{_GAP}team|the{_GAP}room"
    rf"|the{_GAP}audience|(?:my|our|his|her|their){_GAP}[\w-]+)"
)
_MIND_READING = _rx(
    rf"""{_W}(?P<trigger>
        {_OTHERS}(?:'ll|'d)?{_GAP}(?:(?:will|would|must|probably|all|already|secretly|just|might|may
            |are{_GAP}going{_GAP}to){_GAP})*(?:think|thinks|thought|see|sees|know|knows|assume|assumes|believe|believes|decide|decides
            |conclude|concludes|realise|realize|realises|realizes|find{_GAP}out)
            (?:{_GAP}that)?{_GAP}(?:I{_GAP}am|I'm|I{_GAP}was|I'll{_GAP}be|I{_GAP}have{_GAP}no|I{_GAP}don't|I{_GAP}can't
            |I{_GAP}shouldn't|I{_GAP}do{_GAP}not|me{_GAP}as)(?:{_GAP}[\w'-]+){{1,4}}
      | {_OTHERS}(?:'ll|'d)?{_GAP}(?:(?:will|would|must|probably|all|always|just){_GAP})*(?:expect|expects
            |expected)
            {_GAP}me{_GAP}to(?:{_GAP}[\w'-]+){{1,4}}
      | {_OTHERS}(?:'ll|'d|'re|'s)?{_GAP}(?:(?:will|would|must|probably|all|secretly|are|is|were|was|be){_GAP})*
            (?:judge|judges|judging|laughing{_GAP}at|talking{_GAP}about
            |think{_GAP}less{_GAP}of|look{_GAP}down{_GAP}on|laugh{_GAP}at|are{_GAP}laughing{_GAP}at
            |are{_GAP}talking{_GAP}about|see{_GAP}through|be{_GAP}disappointed{_GAP}in|are{_GAP}disappointed{_GAP}in
            |must{_GAP}hate|hate|are{_GAP}annoyed{_GAP}with|are{_GAP}angry{_GAP}with|is{_GAP}angry{_GAP}with
            |is{_GAP}annoyed{_GAP}with|is{_GAP}disappointed{_GAP}in)
            {_GAP}me
      | (?:they|he|she|everyone|everybody|people){_GAP}(?:must|probably){_GAP}(?:be|are|is){_GAP}(?:angry|annoyed
            |upset|fed{_GAP}up|disappointed|bored)(?:{_GAP}with{_GAP}me|{_GAP}in{_GAP}me)?
      | I{_GAP}know{_GAP}(?:they|he|she|people|everyone){_GAP}(?:think|thinks|see|sees)(?:{_GAP}[\w'-]+){{1,4}}
    ){_E}""",
    "think thought see know assume believe decide conclude realise realize find | expect + me"
    " | judg laugh talking hate + me | disappointed + in + me | angry annoyed + with + me | look + down + me"
    " | angry annoyed upset fed disappointed bored + must probably",
)
_CATASTROPHE = _rx(
    rf"""{_W}(?P<trigger>
        (?:it|this|that|everything|the{_GAP}whole{_GAP}thing|the\ [\w-]+)(?:'ll|{_GAP}will|{_GAP}would|'d|{_GAP}is
            {_GAP}going{_GAP}to)?{_GAP}(?:be|turn{_GAP}into){_GAP}(?:a{_GAP})?(?:total{_GAP}|complete{_GAP}|utter{_GAP})?
            (?:disaster|catastrophe|nightmare)
      | (?:everything|it{_GAP}all|things|my{_GAP}life|the{_GAP}whole{_GAP}thing)(?:'ll|{_GAP}will|{_GAP}would|{_GAP}is
            {_GAP}going{_GAP}to){_GAP}(?:fall{_GAP}apart|collapse|go{_GAP}wrong|be{_GAP}ruined|come{_GAP}crashing{_GAP}down)
      | (?:my|the){_GAP}(?:career|life|future|marriage|relationship|business|project)(?:{_GAP}is|'s|{_GAP}will{_GAP}be
            |'ll{_GAP}be|{_GAP}would{_GAP}be){_GAP}(?:over|ruined|finished|doomed)
      | (?:it's|it{_GAP}is|this{_GAP}is|that's|that{_GAP}is){_GAP}(?:the{_GAP}end{_GAP}of{_GAP}the{_GAP}world
            |the{_GAP}worst{_GAP}thing|a{_GAP}catastrophe|a{_GAP}disaster|hopeless|all{_GAP}over)
      | the{_GAP}worst{_GAP}(?:thing{_GAP}that{_GAP}could|possible|will{_GAP}happen|is{_GAP}going{_GAP}to)
      | (?:I'll|I{_GAP}will|I'm{_GAP}going{_GAP}to|I{_GAP}would|I'd){_GAP}(?:definitely{_GAP}|probably{_GAP}|surely{_GAP})?
            (?:lose{_GAP}(?:my{_GAP}job|everything|it{_GAP}all)|be{_GAP}fired|get{_GAP}fired|never{_GAP}recover
            |end{_GAP}up{_GAP}(?:alone|homeless|with{_GAP}nothing|on{_GAP}the{_GAP}street)|fall{_GAP}apart
            |make{_GAP}a{_GAP}fool{_GAP}of{_GAP}myself|humiliate{_GAP}myself|never{_GAP}get{_GAP}(?:a|another){_GAP}[\w-]+
            |never{_GAP}be{_GAP}(?:able|happy|good{_GAP}enough)|be{_GAP}ruined|die{_GAP}of{_GAP}embarrassment
            |freeze{_GAP}and{_GAP}everyone)
      | I{_GAP}(?:can't|cannot|won't|couldn't){_GAP}(?:possibly{_GAP})?cope
      | what{_GAP}if{_GAP}(?:it|this|I|they|everything)(?:{_GAP}[\w']+){{0,3}}{_GAP}(?:goes{_GAP}wrong|go{_GAP}wrong
            |fall{_GAP}apart|falls{_GAP}apart|fail|fails|lose|loses|fire{_GAP}me|freeze|collapses|breaks)
    ){_E}""",
    "disaster catastrophe nightmare apart collapse wrong ruined crashing"
    " | career life future marriage relationship business project + over ruined finished doomed"
    " | world worst hopeless | all + over | lose + job everything all | fired recover fool humiliate"
    " | embarrassment freeze cope | end + alone homeless nothing street | never + get able happy good"
    " | what + if + wrong apart fail lose fire freeze collapse break",
)
_SOURCE = _rx(
    rf"""{_W}(?:(?:my|our|his|her|their|the|your)(?:{_GAP}[\w-]+){{1,2}}|he|she|they|people|everyone|everybody
        |mum|mom|dad|someone|you)
      {_GAP}(?:says?|said|thinks?|thought|tells?{_GAP}me|told{_GAP}me|keeps?{_GAP}saying|kept{_GAP}saying
        |insists?|insisted|believes?|reckons?|always{_GAP}says?|used{_GAP}to{_GAP}say)
      (?:{_GAP}that)?{_GAP}(?:I|you|we)(?:'ll|'d)?{_GAP}(?:really{_GAP}|just{_GAP}|absolutely{_GAP})?$""",
    "say said think thought tell told keep kept insist believe reckon used",
)
_IMPERSONAL = {"it", "that", "this", "there", "which", "what", "they", "he", "she", "things", "you'd"}


class _Candidate(NamedTuple):
    start: int
    end: int
    kind: BeliefKind
    variant: str = ""


_PEOPLE = {"they", "he", "she", "people", "everyone", "everybody", "others", "colleagues", "kids", "children"}
_OBJECTS_OF_DEMAND = {"me", "my", "myself", "mine"}
# "I must admit it went well", "I have to say": a way of speaking, not a demand
_SPEAKING = {"admit", "say", "confess", "agree", "thank", "mention"}
# "I have to pick up the kids at 5": an errand, not a belief
_ERRANDS = {"pick", "drop", "collect", "fetch", "catch", "renew", "book", "return", "post", "sign", "park"}
_CLOCK = (
    r"(?i)\b(?:at|by|before|until|till|from)\s+(?:\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|h)?|noon|midnight)(?!\w)"
)
_PERFECT = {"perfect", "flawless"}


def _clause_after(norm: str, position: int) -> str:
    """The rest of the clause after a position, on the same line."""
    rest = re.match(r"[^.!?;\n\r]*", norm[position:])
    return rest.group() if rest else ""


def _obligation_variant(norm: str, start: int, end: int, trigger: str) -> str | None:
    """How an obligation reads ("forbid", "past", "demand", "perfect", "others"), or None when the words are
    no obligation (a way of speaking, an errand at a time, an expectation about things)."""
    lowered = re.sub(r"\s+", " ", trigger.casefold())
    before = _words_before(norm, start, 3)
    after = _words_after(norm, end, 3)
    folded_after = [word.casefold() for word in after]
    if before and before[-1] in _PEOPLE and lowered.startswith(("should", "must")):
        if _OBJECTS_OF_DEMAND & set(folded_after):
            return "others"  # "they should respect me more": a demand on others
        return None  # "they should arrive at six": an expectation
    thing = len(before) >= 2 and before[-2] in _THING_SUBJECTS and before[-1] not in _PEOPLE
    if before and (before[-1] in _IMPERSONAL or thing) and lowered.startswith(("should", "must")):
        return None  # "it should work", "that must be hard": an expectation, not a demand on oneself
    if (
        folded_after[:1]
        and folded_after[0] in _SPEAKING
        and folded_after[1:2] not in (["yes"], ["no"], ["sorry"])
    ):
        return None  # but "I have to say yes to everyone" is a demand
    if (folded_after[:1] and folded_after[0] in _ERRANDS) or re.search(_CLOCK, _clause_after(norm, end)):
        return None
    if lowered.startswith("must") and after[:1] == ["have"] and len(after) > 1 and _is_participle(after[1]):
        return None  # "I must have forgotten"
    freed = set(before[-2:]) & _NEGATORS or before[-2:] == ["no", "longer"]
    if freed and (
        lowered.startswith(("have", "has", "had", "gotta", "need"))
        or "got" in lowered
        or "supposed" in lowered
    ):
        return None  # "I don't have to be perfect": a freedom, not a demand
    if lowered.startswith("need") or (folded_after[:1] == ["be"] and set(folded_after[1:2]) & _PERFECT):
        return "perfect"
    if lowered.startswith("had"):
        return "past"
    if lowered.endswith(("n't", " not")) or (after[:1] == ["not"] and lowered.startswith(("should", "must"))):
        return "forbid"
    return "demand"


def _candidates(norm: str) -> list[_Candidate]:
    """Every possible phrase, overlapping, before the longest and most telling ones are kept."""
    found: list[_Candidate] = []
    cased = _Cased.of(norm)  # matched in lower case: positions are the same in `norm`
    for match in _INTENTION.finditer(cased):
        action = match.group("action")
        variant = (
            "kind"
            if re.search(_SELF_COMPASSION, action.split(None, 1)[-1] if " " in action else action)
            else ""
        )
        if action.casefold().split()[0] in {"stop", "quit", "give", "cut"} and " " not in action.strip():
            variant = ""
        end = match.start("action") + len(action.rstrip())
        found.append(_Candidate(match.start("trigger"), end, BeliefKind.intention, variant))
    for match in _LABEL.finditer(cased):
        before = _words_before(norm, match.start(), 2)
        if before[-1:] in (["not"], ["never"]):
            continue
        if re.search(_CHILDHOOD, _clause_after(norm, match.start())):
            continue  # "I was bad at chess as a kid": a fact of long ago
        trigger = match.group("trigger")
        if re.search(r"\bnot\b", trigger, re.IGNORECASE) and not re.search(
            r"not\s+(?:a|an|good|cut|smart|clever|strong|disciplined|organi[sz]ed|talented|enough)",
            trigger,
            re.IGNORECASE,
        ):
            continue
        end = match.end()
        if match.group("object"):
            kept: list[str] = []
            for word in match.group("object").split():
                if word.casefold() in _STOP_WORDS:
                    break
                kept.append(word)
            end = match.start("object") + _span_of_words(norm[match.start("object") :], max(1, len(kept)))
        found.append(_Candidate(match.start(), end, BeliefKind.label))
    for match in _REGRET.finditer(cased):
        trigger = match.group("trigger").casefold()
        after = _words_after(norm, match.end(), 3)
        if trigger.startswith(("if", "i wish")):
            found.append(_Candidate(match.start(), match.end(), BeliefKind.regret))
            continue
        words = [word for word in after if word.casefold() not in _ADVERBS]
        if not words or not _is_participle(words[0]):
            continue  # "I should have a rest": an obligation, found below; "could have a go": nothing
        if trigger.startswith("would"):
            continue
        position = match.end()
        for word in after:  # through the participle: "should have just done"
            position = norm.index(word, position) + len(word)
            if word.casefold() not in _ADVERBS:
                break
        found.append(_Candidate(match.start(), position, BeliefKind.regret))
    for match in _OBLIGATION.finditer(cased):
        reading = _obligation_variant(norm, match.start(), match.end(), match.group("trigger"))
        if reading == "others":  # "They should respect me": the whole demand, from whom to whom
            subject = re.search(r"[\w']+\ +$", norm[: match.start()])
            me = re.match(r"(?:\ +[\w']+){0,2}?\ +(?:me|my|myself)(?![\w'])", norm[match.end() :])
            start = subject.start() if subject else match.start()
            end = match.end() + (me.end() if me else 0)
            found.append(_Candidate(start, end, BeliefKind.obligation, reading))
        elif reading is not None:
            found.append(_Candidate(match.start(), match.end(), BeliefKind.obligation, reading))
    for match in _COMPARISON.finditer(cased):
        found.append(_Candidate(match.start(), match.end(), BeliefKind.comparison))
    for match in _ABSOLUTE.finditer(cased):
        before = _words_before(norm, match.start(), 1)
        if before and before[-1] in _HEDGES:
            continue  # "not always", "almost never": already a second look
        if _plain_fact(norm, match.start(), match.end(), match.group("trigger")):
            continue
        found.append(_Candidate(match.start(), match.end(), BeliefKind.absolute))
    for match in _MIND_READING.finditer(cased):
        found.append(
            _Candidate(match.start(), _clause_end(norm, match.start(), match.end()), BeliefKind.mind_reading)
        )
    for match in _CATASTROPHE.finditer(cased):
        found.append(_Candidate(match.start(), match.end(), BeliefKind.catastrophising))
    return found


def _clause_end(norm: str, start: int, end: int) -> int:
    """Where a matched phrase ends: at most at the end of its clause (no comma or "and" swallowed)."""
    text = norm[start:end]
    cut = re.search(r"\s+(?:and|but|so|because|or|when|then)\s", text)
    return start + (cut.start() if cut else len(text.rstrip()))


# "Nobody objected", "no one got hurt": good news, not a generalisation
_GOOD_NEWS = (
    r"(?i)^\s+(?:objected|complained|minded|disagreed|argued|pushed\s+back|got\s+hurt|was\s+hurt|was\s+injured"
    r"|was\s+harmed|got\s+lost|noticed\s+the\s+(?:typo|mistake|slip))"
)
# "I always do my best", "I never give up": a strength, not a generalisation
_STRENGTH = (
    r"(?i)^\s+(?:do|did|try|tried|give|gave)\s+(?:my|it\s+my|our)\s+(?:best|all)|^\s+(?:show\s+up|enjoy|enjoyed|love|loved"
    r"|make\s+time|keep\s+my\s+(?:word|promises?)|feel\s+better|learn|thank|prepare|give\s+up\b)"
)
_CHILDHOOD = r"(?i)\bas\s+an?\s+(?:kid|child|teenager|teen|boy|girl|student)\b"
_THING_SUBJECTS = {"it", "there", "the", "this", "that", "our", "its"}
_PERSON_WORDS = {"i", "i'm", "me", "my", "myself", "we", "us", "you", "they", "them", "he", "she", "people"}
_TROUBLE = (
    r"(?i)\b(?:wrong|badly|fails?|failed|falls?\s+apart|breaks?|worse|worst|disaster|mess|hard|difficult|against"
    r"|late|forget|forgets|forgot|ignores?|ignored|never\s+works|goes\s+nowhere)\b"
)


def _plain_fact(norm: str, start: int, end: int, trigger: str) -> bool:
    """Whether an absolute states a plain fact ("it never rains here"), good news ("nobody objected") or a
    strength ("I always do my best") rather than a generalisation worth a second look."""
    lowered = trigger.casefold()
    rest = _clause_after(norm, end)
    if lowered in {"nobody", "no one", "no-one"}:
        return re.search(_GOOD_NEWS, rest) is not None
    if lowered in {"always", "never"} and re.search(_STRENGTH, rest):
        return True
    before = _words_before(norm, start, 4)
    if lowered in {"always", "never", "constantly"} and before and before[0] in _THING_SUBJECTS:
        words = {word.casefold() for word in re.findall(r"[\w']+", rest)} | set(before)
        return not (words & _PERSON_WORDS) and re.search(_TROUBLE, rest) is None
    return False


def _span_of_words(text: str, count: int) -> int:
    """How many characters the first `count` words of a text take, gaps between them included."""
    matches = list(re.finditer(r"[^\W\d]+", text))[:count]
    return matches[-1].end() if matches else 0


_ORDER = [
    BeliefKind.intention,
    BeliefKind.mind_reading,
    BeliefKind.catastrophising,
    BeliefKind.label,
    BeliefKind.regret,
    BeliefKind.comparison,
    BeliefKind.obligation,
    BeliefKind.absolute,
]


def _kept(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """The phrases that do not overlap: intentions, then labels, regrets... and the longer first."""
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (_ORDER.index(c.kind), -(c.end - c.start), c.start)):
        if all(candidate.end <= other.start or candidate.start >= other.end for other in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def _quotations(norm: str) -> list[tuple[int, int]]:
    """The spans inside double quotation marks (straight or typographic), without the marks."""
    return [(match.start() + 1, match.end() - 1) for match in re.finditer(r'"[^"\n]*"', norm)]


def _shown(text: str, start: int, end: int) -> str:
    """The words as the person wrote them, without Markdown emphasis, one space between words."""
    return re.sub(r"[^\S\r\n]+", " ", _MARKUP.sub("", text[start:end])).strip()


def notice_beliefs(text: str) -> list[Belief]:
    """Every belief phrase in a text, in order, each with its kind and the question that fits it."""
    norm = _normalised(text)
    quotations = _quotations(norm)
    beliefs: list[Belief] = []
    for candidate in _kept(_candidates(norm)):
        start, end = candidate.start, candidate.end
        inside = next((q for q in quotations if q[0] <= start and end <= q[1]), None)
        if inside is not None and not norm[inside[0] : inside[1]].strip(" .,!?").casefold().replace(
            norm[start:end].casefold(), ""
        ).strip(" .,!?"):
            continue  # the word "should" quoted as a word, not used
        others = inside is not None
        source = _SOURCE.search(norm[max(0, start - 80) : start])
        if source and candidate.kind in (BeliefKind.obligation, BeliefKind.regret, BeliefKind.absolute):
            start = max(0, start - 80) + source.start()
            others = True
        phrase = _shown(text, start, end)
        beliefs.append(
            Belief(
                phrase=phrase,
                kind=candidate.kind,
                question=_question(phrase, candidate, others),
                start=start,
                end=end,
                others=others,
            )
        )
    return [  # a phrase inside someone else's words ("my mum always said") belongs to them
        belief
        for belief in beliefs
        if not any(
            other.others and other.start <= belief.start and belief.end < other.end for other in beliefs
        )
    ]


def most_telling(beliefs: Sequence[Belief]) -> Belief | None:
    """The one belief to ask about first: the weightiest kind with a question, the earliest of those."""
    asking = [belief for belief in beliefs if belief.question is not None]
    if not asking:
        return None
    # someone else's words weigh less than what the person says of themselves
    return max(asking, key=lambda belief: (_WEIGHT[belief.kind] - 2 * belief.others, -belief.start))


def most_telling_question(text: str) -> str | None:
    """The one question to ask about a text, or None when it holds nothing to ask about."""
    belief = most_telling(notice_beliefs(text))
    return belief.question if belief is not None else None


def count_kinds(texts: Iterable[str]) -> dict[BeliefKind, int]:
    """How many phrases of each kind a body of writing holds (for the report's over-time counts)."""
    counts = dict.fromkeys(BeliefKind, 0)
    for text in texts:
        for belief in notice_beliefs(text):
            counts[belief.kind] += 1
    return counts


# --- the questions --------------------------------------------------------------------------------------


def _question(phrase: str, candidate: _Candidate, others: bool) -> str | None:
    """A warm, open question that quotes the words and fits their kind; None for an intention to support."""
    quoted = f'You wrote "{phrase}".'
    lowered = phrase.casefold()
    kind = candidate.kind
    if kind is BeliefKind.intention:
        if candidate.variant == "kind":
            return None
        return f"{quoted} What would help you do it, and what would you like in its place?"
    if others:
        return f"{quoted} Setting their words aside for a moment, what do you want here yourself?"
    if kind is BeliefKind.mind_reading:
        return f"{quoted} What do you know, and what are you guessing?"
    if kind is BeliefKind.catastrophising:
        return f"{quoted} What is most likely to happen, and how would you handle it if it came to the worst?"
    if kind is BeliefKind.regret:
        return f"{quoted} What would you like to carry from that into what you do next?"
    if kind is BeliefKind.label:
        if (
            re.search(r"\bfail(?!ure)", lowered)
            or "screwed" in lowered
            or "messed" in lowered
            or "blew" in lowered
        ):
            return f"{quoted} What happened, and what did it teach you for next time?"
        if " at " in lowered or re.search(r"\b(?:can't|cannot|can not)\b", lowered):
            return f"{quoted} When has it gone a little better, and what was different then?"
        return f"{quoted} What would you say to a friend who said that about themselves?"
    if kind is BeliefKind.comparison:
        if lowered.endswith("behind"):
            return f"{quoted} Whose timetable is that, and what pace would feel right for you?"
        return f"{quoted} What does your own progress look like, measured from where you started?"
    if kind is BeliefKind.absolute:
        if lowered in {"nobody", "no one", "no-one"}:
            return f"{quoted} Is there anyone, even one person, for whom it is different?"
        return f"{quoted} Has there been a time, even once, when it went differently?"
    if candidate.variant == "past":
        return f"{quoted} What made it feel like there was no other choice?"
    if candidate.variant == "perfect":
        return f"{quoted} What would good enough look like here?"
    if candidate.variant == "others":
        return f"{quoted} What could you ask of them, and what is theirs to choose?"
    if candidate.variant == "forbid":
        return f"{quoted} What would happen if you did, and who decides?"
    if lowered.startswith(("should", "ought", "supposed")) or "supposed" in lowered:
        return f"{quoted} Whose expectation is that, and what would you choose for yourself?"
    return f"{quoted} What would happen if you didn't, and what do you want here?"


# --- over time ------------------------------------------------------------------------------------------

# "Should" thinking: demands on oneself, now or looking back.
SHOULD_KINDS = (BeliefKind.obligation, BeliefKind.regret)


def quarter_start(day: date) -> date:
    """The first day of the calendar quarter that holds a day."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_name(start: date) -> str:
    """A quarter as people write it: 2026-Q4."""
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


class BeliefTrend(NamedTuple):
    """Belief phrases by kind in what the person wrote this quarter and the quarter before."""

    this_quarter: str
    last_quarter: str
    now: Mapping[BeliefKind, int]
    before: Mapping[BeliefKind, int]

    def should_thinking(self) -> tuple[int, int]:
        """ "Should" thinking (obligations and regrets): this quarter, the quarter before."""
        return sum(self.now[kind] for kind in SHOULD_KINDS), sum(self.before[kind] for kind in SHOULD_KINDS)

    @property
    def any(self) -> bool:
        return any(self.now.values()) or any(self.before.values())

    def to_json(self) -> dict[str, Any]:
        now, before = self.should_thinking()
        return {
            "this_quarter": {"quarter": self.this_quarter, "should": now, "counts": _named(self.now)},
            "last_quarter": {"quarter": self.last_quarter, "should": before, "counts": _named(self.before)},
        }


def _named(counts: Mapping[BeliefKind, int]) -> dict[str, int]:
    return {str(kind): counts[kind] for kind in BeliefKind}


def last_quarter_start(today: date) -> date:
    """The first day of the quarter before today's: where the report's belief counts begin."""
    start = quarter_start(today)
    return quarter_start(start - timedelta(days=1))


def belief_trend(dated_texts: Iterable[tuple[date, str]], today: date) -> BeliefTrend:
    """Belief phrases counted by kind in texts dated this quarter (on into this week's end) and the one before."""
    this_start, last_start = quarter_start(today), last_quarter_start(today)
    this_texts: list[str] = []
    last_texts: list[str] = []
    for day, text in dated_texts:
        if this_start <= day:
            this_texts.append(text)
        elif last_start <= day < this_start:
            last_texts.append(text)
    return BeliefTrend(
        this_quarter=quarter_name(this_start),
        last_quarter=quarter_name(last_start),
        now=count_kinds(this_texts),
        before=count_kinds(last_texts),
    )
