"""Indicator rules compiled once per run and applied per document.

All literal terms of all indicators go into one Aho–Corasick automaton, so the text is scanned
once however many rules there are; regexes are RE2 (linear time), so no user pattern can hang.

A document is read in one automaton pass, sentence by sentence, giving for each term the set of
sentences that hold it as a bit set (an int, bit i for sentence i). A clause is then evaluated
for every sentence at once by set operations on those ints; each regex is searched only in the
sentences (or paragraphs) where the same pass found one literal of each set it cannot match
without (required_literal_sets). Only the sentences a clause matches are looked at one by one,
to name their terms and spans.
"""

from __future__ import annotations

import bisect
import re
from operator import itemgetter
from dataclasses import dataclass
from re import _constants as _C
from re import _parser as _sre_parse
from typing import NamedTuple

import ahocorasick
import re2

from .models import Document
from .rubric import RE2_OPTIONS, Clause, Indicator


_second = itemgetter(1)  # a hit's term id


class Hit(NamedTuple):
    """A sentence that an indicator's topic matched, with the terms that made it match (a named
    tuple: a document yields thousands, and a frozen dataclass costs several times more to make)."""

    sentence: int  # index into Document.sentences
    terms: tuple[str, ...]
    term_spans: tuple[tuple[int, int], ...]  # absolute offsets of matched terms in the sentence


@dataclass(frozen=True)
class _Clause:
    """A rule clause with its terms as automaton ids: groups in order (as frozensets, for
    intersections), exclusions, regex and scope; and per group what a hit reads (see hit)."""

    group_sets: tuple[frozenset[int], ...]
    not_: frozenset[int]
    regex: str | None
    scope: str
    # per group: its ids as a set; (id, term) in the rule's order; whether no term is written twice
    # (then one id is one term); whether it is looked for in the matched sentence (else in its paragraph)
    reads: tuple[tuple[frozenset[int], tuple[tuple[int, str], ...], bool, bool], ...]


def _compile_clause(c: Clause, ids: dict[str, int]) -> _Clause:
    sets = tuple(frozenset(ids[t] for t in group) for group in c.all)
    reads = tuple((sets[g], tuple((ids[t], t) for t in group), len(set(group)) == len(group),
                   g == 0 or c.scope == "sentence") for g, group in enumerate(c.all))
    return _Clause(group_sets=sets, not_=frozenset(ids[t] for t in c.not_), regex=c.regex, scope=c.scope, reads=reads)


class CompiledRules:
    def __init__(self, indicators: list[Indicator]):
        self.indicators = indicators
        self._terms = sorted({t for ind in indicators for t in ind.terms()})
        self._ids = ids = {t: k for k, t in enumerate(self._terms)}
        self._lengths = [len(t) for t in self._terms]
        clauses = {ind.id: [_compile_clause(c, ids) for c in ind.match] for ind in indicators}
        patterns = sorted({c.regex for ind in indicators for c in ind.match if c.regex})
        self._regexes = {rx: re2.compile(rx, options=RE2_OPTIONS) for rx in patterns}
        # The literals each regex needs join the automaton (after the terms, as ids of their own
        # unless they are terms too): the same pass tells where a regex can match at all.
        atoms: dict[str, int] = {}
        best: dict[str, frozenset[int]] = {}  # per regex, its most selective set (the clauses' guards)
        # Per regex, every set of literals its matches need (each match holds one of every set):
        # a slice is searched only if it holds one of each. Most patterns need two or three words
        # (执法…培训|轮训), and one of them alone is found in ten slices for each that matches.
        self._all_atoms: dict[str, tuple[frozenset[int], ...]] = {}
        atom = lambda a: ids.get(a) if a in ids else atoms.setdefault(a, len(ids) + len(atoms))  # noqa: E731
        for rx in patterns:
            sets = required_literal_sets(rx)
            literals = _best(sets)
            if literals is not None:
                best[rx] = frozenset(map(atom, literals))
                more = [frozenset(m) for m in sets if m != literals and min(map(len, m)) >= _MIN_EXTRA_LITERAL]
                self._all_atoms[rx] = (best[rx], *(frozenset(map(atom, m)) for m in dict.fromkeys(more)))
        # Per indicator, its id and clauses, each with its guard: the ids of which a sentence must
        # hold one for the clause to match anywhere (its first group, or its regex's literals), or
        # None. (A paragraph's regex may find its literal across two sentences: no guard.)
        self._guarded = [(ind.id, [(c, c.group_sets[0] if c.group_sets
                                    else best.get(c.regex) if c.scope == "sentence" else None)
                                   for c in clauses[ind.id]])
                         for ind in indicators]
        # From the guards, per id the indicators that may match only where that id is found; an
        # indicator with an unguarded clause is tried in every document.
        self._triggered_by: dict[int, list[int]] = {}
        self._always: list[int] = []
        for n, (_, guarded) in enumerate(self._guarded):
            if any(guard is None for _, guard in guarded):
                self._always.append(n)
                continue
            for k in set().union(*(guard for _, guard in guarded)):
                self._triggered_by.setdefault(k, []).append(n)
        # Per term id, the code whose topic the term names, when the first groups of one code's
        # clauses alone hold it (复议 names F1; 法治 names no one code); per indicator, the ids of all
        # its groups' terms. Read by extract to tell which topic a clause of a sentence is about.
        first: dict[int, set[str]] = {}
        for ind in indicators:
            for c in clauses[ind.id]:
                for k in c.group_sets[0] if c.group_sets else ():
                    first.setdefault(k, set()).add(ind.code)
        self.topic_code = {k: next(iter(codes)) for k, codes in first.items() if len(codes) == 1}
        self.term_ids = {ind.id: frozenset(k for c in clauses[ind.id] for g in c.group_sets for k in g)
                         for ind in indicators}
        self._automaton = ahocorasick.Automaton()
        for word, k in [*ids.items(), *atoms.items()]:
            self._automaton.add_word(word, k)
        self._scans = bool(ids or atoms)
        if self._scans:
            self._automaton.make_automaton()

    def apply(self, doc: Document) -> dict[str, list[Hit]]:
        """For each indicator id, the sentences its topic matches, in text order."""
        hits: dict[str, list[Hit]] = {ind.id: [] for ind in self.indicators}
        for key, matches in self.find(doc).items():
            hits[key] = [matches.hit(i) for i in matches.sentences]
        return hits

    def read(self, doc: Document) -> _Reading:
        """The document as the rules see it (which terms each sentence holds), for find()."""
        return _Reading(self, doc)

    def find(self, doc: Document, reading: _Reading | None = None) -> dict[str, Matches]:
        """apply() for the indicators whose topic some sentence matches, each sentence's terms and
        spans looked up only when asked for (Matches.hit). `reading`: read(doc), when made already."""
        reading = reading or _Reading(self, doc)
        present = reading.present
        found: dict[str, Matches] = {}
        # Only the indicators an id found in the document can trigger are looked at.
        candidates = set(self._always)
        for k in present:
            candidates.update(self._triggered_by.get(k, ()))
        for n in sorted(candidates):
            key, guarded = self._guarded[n]
            # A clause whose guard no sentence holds matches nothing: most clauses are ruled out
            # here without a look at a sentence.
            live = [(c, m) for c, m in [(c, reading.clause_mask(c)) for c, guard in guarded
                                        if guard is None or not guard.isdisjoint(present)] if m]
            if live:
                matched = 0
                for _, m in live:
                    matched |= m
                found[key] = Matches(reading, _bits(matched), live)
        return found


class Matches:
    """One indicator's matches in a document: the sentences, in text order, and each one's Hit
    (terms and spans) made when first asked for. Most judgements of a sentence need neither, and
    a sentence's terms are wanted only for a passage that is kept."""

    __slots__ = ("sentences", "_reading", "_clauses", "_hits")

    def __init__(self, reading: _Reading, sentences: list[int], clauses: list[tuple[_Clause, int]]):
        self.sentences = sentences
        self._reading = reading
        self._clauses = clauses  # the clauses that match some sentence, with the sentences they match
        self._hits: dict[int, Hit] = {}

    def hit(self, i: int) -> Hit:
        """Sentence i's hit, with the terms and spans of every clause that matches it."""
        hit = self._hits.get(i)
        if hit is None:
            clauses = ([self._clauses[0][0]] if len(self._clauses) == 1  # the usual case: one clause matches
                       else [c for c, m in self._clauses if m >> i & 1])
            hit = self._hits[i] = self._reading.hit(i, clauses)
        return hit


class _Reading:
    """One document as the rules see it: which sentences hold each term, and each regex's first
    match per sentence and per paragraph."""

    def __init__(self, rules: CompiledRules, doc: Document):
        self.rules, self.doc = rules, doc
        # per sentence: (end offset in the sentence, term id)
        self.sentence_hits: list[list[tuple[int, int]]] = []
        self.sentence_terms: list[set[int]] = []  # per sentence: the ids found in it
        self.term_sentences: dict[int, int] = {}  # term id -> bit set of the sentences holding it
        if rules._scans:
            scan, text, term_sentences = rules._automaton.iter, doc.text, self.term_sentences
            # Searching the sentence alone leaves out terms that straddle its boundaries. (A slice,
            # not start and end: the automaton reads its whole argument on each call.) The lists
            # and sets are made by comprehensions and map: a loop body per sentence costs more.
            self.sentence_hits = [list(scan(text[sent.start : sent.end])) for sent in doc.sentences]
            self.sentence_terms = [set(map(_second, found)) for found in self.sentence_hits]
            known = term_sentences.get
            for i, held in enumerate(self.sentence_terms):
                bit = 1 << i
                for k in held:
                    term_sentences[k] = known(k, 0) | bit
        else:
            self.sentence_hits = [[] for _ in doc.sentences]
            self.sentence_terms = [set() for _ in doc.sentences]
        self.present = set(self.term_sentences)
        self._paragraph_ranges: list[range] | None = None
        self._regex: dict[tuple[str, str], _Regex] = {}
        self._paragraph_terms: list[set[int]] | None = None
        self._paragraph_atoms: list[set[int]] | None = None

    def term_starts(self, i: int) -> list[tuple[int, int]]:
        """Sentence i's terms (not a regex's literals) as (offset in the sentence, term id)."""
        lengths = self.rules._lengths
        n = len(lengths)
        return [(end + 1 - lengths[k], k) for end, k in self.sentence_hits[i] if k < n]

    # --- sentence sets --------------------------------------------------------------------

    def _sentences_with(self, terms: frozenset[int]) -> int:
        mask = 0
        for k in terms & self.present:
            mask |= self.term_sentences[k]
        return mask

    def _paragraph_sentences(self) -> list[range]:
        """Per paragraph, the indices of its sentences (consecutive)."""
        if self._paragraph_ranges is None:
            first: dict[int, int] = {}
            last: dict[int, int] = {}
            for i, sent in enumerate(self.doc.sentences):
                first.setdefault(sent.paragraph, i)
                last[sent.paragraph] = i
            self._paragraph_ranges = [range(first[p], last[p] + 1) if p in first else range(0)
                                      for p in range(len(self.doc.paragraphs))]
        return self._paragraph_ranges

    def _sentences_of(self, paragraphs) -> int:
        """The bit set of the sentences of the given paragraphs, made in one linear pass."""
        ranges = self._paragraph_sentences()
        return _mask((i for p in dict.fromkeys(paragraphs) for i in ranges[p]), len(self.doc.sentences))

    def _sentences_in_paragraphs_with(self, terms: frozenset[int]) -> int:
        """The sentences of every paragraph that holds one of the terms."""
        sentences = self.doc.sentences
        return self._sentences_of(sentences[i].paragraph for k in terms & self.present
                                  for i in _bits(self.term_sentences[k]))

    def regex(self, rx: str, scope: str) -> _Regex:
        key = (rx, scope)
        if key not in self._regex:
            self._regex[key] = _Regex(self, rx, scope)
        return self._regex[key]

    def clause_mask(self, c: _Clause) -> int:
        """The sentences the clause matches, as a bit set."""
        if c.group_sets:
            mask = self._sentences_with(c.group_sets[0])  # the passage holds the first group
            for group in c.group_sets[1:]:
                if not mask:
                    return 0
                mask &= (self._sentences_with(group) if c.scope == "sentence"
                         else self._sentences_in_paragraphs_with(group))
        else:
            mask = -1
        if mask and c.regex:
            found = self.regex(c.regex, c.scope)
            if c.scope == "sentence":
                mask &= found.sentences
            elif c.group_sets:
                mask &= self._spread(found)
            else:
                mask &= found.first_sentences  # the sentence that carries the match is the passage
        if mask and c.not_:
            mask &= ~self._sentences_with(c.not_)  # exclusions hold in the sentence, whatever the scope
        return mask

    def _spread(self, found: _Regex) -> int:
        """The sentences of the paragraphs in which a paragraph-scope regex matches."""
        return self._sentences_of(found.first)

    # --- one matched sentence -------------------------------------------------------------

    def paragraph_atoms(self) -> list[set[int]]:
        """Per paragraph, the ids found in it, the literals that straddle its sentences included."""
        if self._paragraph_atoms is None:
            scan, text = self.rules._automaton.iter, self.doc.text
            self._paragraph_atoms = [{k for _, k in scan(text[p.start : p.end])} if self.rules._scans else set()
                                     for p in self.doc.paragraphs]
        return self._paragraph_atoms

    def _terms_in_paragraph(self, p: int) -> set[int]:
        """The ids found in paragraph p's sentences (all paragraphs read in one pass)."""
        if self._paragraph_terms is None:
            self._paragraph_terms = [set() for _ in self.doc.paragraphs]
            for sent, held in zip(self.doc.sentences, self.sentence_terms):
                self._paragraph_terms[sent.paragraph] |= held
        return self._paragraph_terms[p]

    def hit(self, i: int, clauses: list[_Clause]) -> Hit:
        """The hit of sentence i, with the terms and spans of every clause that matches it."""
        sent = self.doc.sentences[i]
        here = self.sentence_terms[i]  # (literals of regexes too: no group holds them)
        terms = self.rules._terms
        used: list[str] = []
        wanted: set[int] = set()  # the ids of the terms used
        matched_spans: list[tuple[int, int]] = []  # the regexes' matches inside the sentence
        for c in clauses:
            for group_set, group, distinct, in_sentence in c.reads:
                present = group_set & (here if in_sentence else self._terms_in_paragraph(sent.paragraph))
                wanted |= present
                if distinct and len(present) == 1:
                    for k in present:  # the usual case: one term of the group
                        used.append(terms[k])
                else:
                    used.extend([t for k, t in group if k in present])
            if c.regex:
                a, b, matched = self.regex(c.regex, c.scope).first_of(i)
                if sent.start <= a and b <= sent.end:
                    matched_spans.append((a, b))
                used.append(matched)
                if matched in self.rules._ids:  # (a regex's match has spans of its own only if it is a term too)
                    wanted.add(self.rules._ids[matched])
        # Every occurrence in the sentence of every term found, in one pass over its hits. (No two
        # are the same span: one id per word, so one word per end and length.) Every matching
        # clause adds its terms: a quantity may measure any of them.
        lengths, after = self.rules._lengths, sent.start + 1
        spans = [(after + end - lengths[k], after + end) for end, k in self.sentence_hits[i] if k in wanted]
        if matched_spans:  # (a regex's match may be a term's span too: said once)
            spans = list(set(spans).union(matched_spans))
        spans.sort()
        return Hit(i, tuple(dict.fromkeys(used)), tuple(spans))


TermReading = _Reading  # one document as the rules see it, for the judgement (extract.py)


class _Regex:
    """A regex's first match in each sentence (scope sentence) or paragraph (scope paragraph) of a
    document, exactly as a search of that slice alone finds it. Only the slices that hold one
    literal of each set the pattern needs (required_literal_sets; sets beyond the most selective
    only with literals of two or more characters) are searched."""

    def __init__(self, reading: _Reading, rx: str, scope: str):
        rules, doc = reading.rules, reading.doc
        self.doc, self.scope = doc, scope
        pattern, needed = rules._regexes[rx], rules._all_atoms.get(rx)
        slices = doc.sentences if scope == "sentence" else doc.paragraphs
        if needed is None:
            todo = range(len(slices))
        elif scope == "sentence":
            mask = -1
            for atoms in needed:
                mask &= reading._sentences_with(atoms)
                if not mask:
                    break
            todo = _bits(mask)
        else:
            todo = [p for p, held in enumerate(reading.paragraph_atoms())
                    if all(not atoms.isdisjoint(held) for atoms in needed)]
        text = doc.text
        self.first: dict[int, tuple[int, int, str]] = {}  # slice index -> (start, end, matched text)
        for j in todo:
            a, b = slices[j].start, slices[j].end
            m = _search(pattern, text[a:b])
            if m is not None:
                self.first[j] = (m[0] + a, m[1] + a, m[2])
        self.sentences = 0  # scope sentence: the sentences holding a match
        self.first_sentences = 0  # scope paragraph: the sentences holding their paragraph's first match
        if scope == "sentence":
            for j in self.first:
                self.sentences |= 1 << j
        else:
            sentences = doc.sentences
            starts = [s.start for s in sentences]
            for a, _, _ in self.first.values():
                i = bisect.bisect_right(starts, a) - 1
                if i >= 0 and a < sentences[i].end:  # not in the blank between two sentences
                    self.first_sentences |= 1 << i

    def first_of(self, i: int) -> tuple[int, int, str]:
        """The first match in sentence i's scope (which holds one)."""
        return self.first[i if self.scope == "sentence" else self.doc.sentences[i].paragraph]


def _search(pattern, text: str) -> tuple[int, int, str] | None:
    """(start, end, matched text) of the pattern's first match in text, as pattern.search finds
    it. RE2's own search is called on the UTF-8 bytes: the package's Python wrapper around it
    (a generator, offsets decoded through a dict) costs three times the search itself."""
    raw = text.encode("utf-8")
    a, b = pattern._regexp.Match(_UNANCHORED, raw, 0, len(raw))[0]
    if a < 0:
        return None
    start = _re2.BytesToCharLen(raw, 0, a)
    matched = raw[a:b].decode("utf-8")
    return start, start + len(matched), matched


if not (hasattr(re2, "_re2") and hasattr(re2._Regexp, "__slots__") and "_regexp" in re2._Regexp.__slots__):
    def _search(pattern, text: str) -> tuple[int, int, str] | None:  # noqa: F811 - another re2 release
        """The same through the public interface, for a release of re2 laid out otherwise."""
        m = pattern.search(text)
        return None if m is None else (m.start(), m.end(), m.group(0))
else:
    _re2 = re2._re2
    _UNANCHORED = _re2.RE2.Anchor.UNANCHORED


def _mask(indices, n: int) -> int:
    """The bit set of the given indices (below n), built in a byte array: OR-ing them into an
    int one by one would copy the growing int each time."""
    raw = bytearray((n >> 3) + 1)
    for i in indices:
        raw[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(raw, "little")


def _bits(mask: int) -> list[int]:
    """The indices of the set bits of a non-negative mask, lowest first. Read from its binary
    digits: clearing the bits one by one would copy the whole int for each (quadratic)."""
    digits = bin(mask)[:1:-1]  # lowest bit first, without the 0b
    out, i = [], digits.find("1")
    while i >= 0:
        out.append(i)
        i = digits.find("1", i + 1)
    return out


# --- the literals a regex cannot match without ------------------------------------------------

_MAX_LITERALS = 64  # alternatives beyond this make a prefilter that filters little


def required_literals(pattern: str) -> set[str] | None:
    """Strings of which every match of the pattern contains at least one, or None when the
    pattern does not say (a negated class, a flag that changes case, a syntax Python's parser
    does not read as RE2 does). A slice that holds none of them cannot match: the automaton
    pass that finds the rules' terms finds these too, so a regex is searched only where they are.

    Read with Python's own parser of regular expressions: RE2 syntax it does not know raises,
    and that pattern is simply searched everywhere. POSIX classes ([[:alpha:]]) are the one RE2
    syntax Python reads without complaint but otherwise (as a set of the characters [:alph):
    a pattern with one is searched everywhere too."""
    return _best(required_literal_sets(pattern))


# A literal of one character makes a poor filter and many hits of the automaton: the further
# sets a regex needs (required_literal_sets) join the prefilter only with longer literals.
_MIN_EXTRA_LITERAL = 2


def required_literal_sets(pattern: str) -> list[set[str]]:
    """Every set of strings of which each match of the pattern contains at least one, read from the
    pattern's top-level sequence (required_literals gives the most selective of them); empty when
    the pattern does not say. All of them hold at once: a slice without a string of every set
    cannot match."""
    tree = _parsed(pattern)
    return [] if tree is None else _requirements(tree)[1]


_POSIX_CLASS_RE = re.compile(r"\[:\^?[a-z]+:\]")


def _parsed(pattern: str):
    """The pattern as Python's parser reads it, or None where its reading may not be RE2's (see
    required_literals)."""
    if _POSIX_CLASS_RE.search(pattern):
        return None  # [[:alpha:]]: RE2 reads a class Python does not (人大常委会[:：] is no such class)
    try:
        tree = _sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001 - any syntax Python reads otherwise: no prefilter, still exact
        return None
    if tree.state.flags & ~(re.UNICODE | re.MULTILINE | re.DOTALL):
        return None  # (?i) and the like: a literal no longer stands for itself
    return list(tree)


def _node(op, av) -> tuple[set[str] | None, set[str] | None]:
    """(the strings the node matches exactly, if few; strings one of which its match contains)."""
    if op is _C.LITERAL:
        return {chr(av)}, None
    if op is _C.IN:
        if all(o is _C.LITERAL for o, _ in av) and len(av) <= _MAX_LITERALS:
            return {chr(v) for _, v in av}, None
        return None, None
    if op is _C.AT:
        return {""}, None  # an anchor matches no character
    if op is _C.SUBPATTERN:
        _, add_flags, del_flags, body = av
        if add_flags or del_flags:
            return None, None
        return _sequence(list(body))
    if op is _C.BRANCH:
        exact, required, _ = _branch(av)
        return exact, required
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
        low, high, body = av
        if low == 0:
            return None, None
        exact, required = _sequence(list(body))
        return (exact if low == high == 1 else None), (required if required is not None else _usable(exact))
    return None, None


def _branch(av) -> tuple[set[str] | None, set[str] | None, list[set[str]]]:
    """An alternation as _node reads a node (its exact strings if few, its most selective
    requirement), and every requirement its alternatives share. A set is required of the branch
    when each alternative requires a subset of it: the union of the alternatives' best is one such
    set; those they share (法治…创建|创建…法治 both hold 法治 and 创建) are more selective."""
    alternatives = [_requirements(list(alt)) for alt in av[1]]
    exact = set().union(*(e for e, _ in alternatives)) if all(e is not None for e, _ in alternatives) else None
    each = [[*candidates, *filter(None, [_usable(e)])] for e, candidates in alternatives]
    shared = [c for c in each[0] if all(any(s <= c for s in other) for other in each[1:])]
    wanted = [_best(c) for c in each]
    required = _best(shared) if shared else set().union(*wanted) if all(w is not None for w in wanted) else None
    return ((exact if exact is not None and len(exact) <= _MAX_LITERALS else None),
            (required if required is not None and len(required) <= _MAX_LITERALS else None),
            [c for c in shared if c != required and len(c) <= _MAX_LITERALS])


def _usable(strings: set[str] | None) -> set[str] | None:
    """A set of exact strings as a requirement: only if none of them is empty."""
    return strings if strings and all(strings) else None


def _sequence(items) -> tuple[set[str] | None, set[str] | None]:
    """A sequence: runs of exactly known nodes multiply out to literals; the most selective
    requirement of any run or node is the sequence's."""
    whole, candidates = _requirements(items)
    return whole, _best(candidates)


def _best(candidates: list[set[str]]) -> set[str] | None:
    """The most selective of a sequence's requirements: the longest shortest literal, then the fewest."""
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)), default=None)


def _requirements(items) -> tuple[set[str] | None, list[set[str]]]:
    """A sequence's exact strings (if few) and every requirement of its runs and nodes."""
    candidates: list[set[str]] = []
    run: set[str] | None = {""}
    whole: set[str] | None = {""}
    for op, av in items:
        exact, required, shared = _branch(av) if op is _C.BRANCH else (*_node(op, av), [])
        if required is not None:
            candidates.append(required)
        candidates += shared  # (an alternation's: every requirement its alternatives share holds at once)
        if exact is not None and run is not None and len(run) * len(exact) <= _MAX_LITERALS:
            run = {a + b for a in run for b in exact}
        else:
            if run is not None and _usable(run):
                candidates.append(run)
            run = set(exact) if exact is not None else {""}
        whole = ({a + b for a in whole for b in exact}
                 if whole is not None and exact is not None and len(whole) * len(exact) <= _MAX_LITERALS else None)
    if _usable(run):
        candidates.append(run)
    return whole, candidates
