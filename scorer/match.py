"""Indicator rules compiled once per run and applied per document.

All literal terms of all indicators go into one Aho–Corasick automaton, so the text is scanned
once however many rules there are; regexes are RE2 (linear time), so no user pattern can hang.
"""

from __future__ import annotations

from dataclasses import dataclass

import bisect

import ahocorasick
import re
import re2

from .models import Document
from .rubric import RE2_OPTIONS, Indicator

# Assertions whose truth depends on the text around a slice: a pattern using one may match a
# sentence but not the paragraph around it, so it cannot be ruled out by its paragraph.
_CONTEXT_ASSERTIONS = re.compile(r"\^|\$|\\[bBAz]")


@dataclass(frozen=True)
class Hit:
    """A sentence that an indicator's topic matched, with the terms that made it match."""

    sentence: int  # index into Document.sentences
    terms: tuple[str, ...]
    term_spans: tuple[tuple[int, int], ...]  # absolute offsets of matched terms in the sentence


class CompiledRules:
    def __init__(self, indicators: list[Indicator]):
        self.indicators = indicators
        self._automaton = ahocorasick.Automaton()
        terms = sorted({t for ind in indicators for t in ind.terms()})
        for term in terms:
            self._automaton.add_word(term, term)
        self._has_terms = bool(terms)
        if self._has_terms:
            self._automaton.make_automaton()
        self._regexes = {
            clause.regex: re2.compile(clause.regex, options=RE2_OPTIONS) for ind in indicators for clause in ind.match if clause.regex
        }
        # A pattern without context assertions that finds nothing in a text finds nothing in any
        # part of it: one search of the document (and of a paragraph) rules out all its sentences.
        self._narrowable = {rx for rx in self._regexes if not _CONTEXT_ASSERTIONS.search(rx.replace("[^", "["))}
        # What makes a sentence a candidate for an indicator: a term of some clause's first group
        # (the passage holds it), or a match of a regex-only clause.
        self._first_terms = {ind.id: frozenset(t for c in ind.match if c.all for t in c.all[0]) for ind in indicators}
        self._regex_only = {ind.id: [(c.regex, c.scope) for c in ind.match if not c.all and c.regex] for ind in indicators}

    def term_positions(self, text: str) -> dict[str, list[int]]:
        """Start offsets of every rule term in the text."""
        found: dict[str, list[int]] = {}
        if not self._has_terms:
            return found
        for end, term in self._automaton.iter(text):
            found.setdefault(term, []).append(end - len(term) + 1)
        return found

    def apply(self, doc: Document) -> dict[str, list[Hit]]:
        """For each indicator id, the sentences its topic matches, in text order."""
        positions = self.term_positions(doc.text)
        # Map each term occurrence to its sentence once; clauses then look terms up per sentence.
        starts = [s.start for s in doc.sentences]
        sentence_terms: list[dict[str, list[int]]] = [dict() for _ in doc.sentences]
        paragraph_terms: list[dict[str, list[int]]] = [dict() for _ in doc.paragraphs]
        for term, offsets in positions.items():
            for off in offsets:
                i = bisect.bisect_right(starts, off) - 1
                if i < 0 or off + len(term) > doc.sentences[i].end:
                    continue  # term straddles a sentence boundary
                sentence_terms[i].setdefault(term, []).append(off)
                paragraph_terms[doc.sentences[i].paragraph].setdefault(term, []).append(off)

        # Only sentences holding a term of some clause's first group, or matching a regex-only
        # clause, can match: no other sentence is looked at.
        term_sentences: dict[str, set[int]] = {}
        for i, found_terms in enumerate(sentence_terms):
            for term in found_terms:
                term_sentences.setdefault(term, set()).add(i)
        present = set(term_sentences)
        searches = _Searches(doc, self._regexes, self._narrowable)
        hits: dict[str, list[Hit]] = {}
        for ind in self.indicators:
            candidates: set[int] = set()
            for term in self._first_terms[ind.id] & present:
                candidates |= term_sentences[term]
            for rx, scope in self._regex_only[ind.id]:
                candidates |= searches.sentences(rx, scope)
            found: list[Hit] = []
            for i in sorted(candidates):
                matched = self._match_sentence(ind, doc, i, sentence_terms, paragraph_terms, searches)
                if matched is not None:
                    found.append(matched)
            hits[ind.id] = found
        return hits

    def _match_sentence(self, ind, doc, i, sentence_terms, paragraph_terms, searches) -> Hit | None:
        sent = doc.sentences[i]
        here = sentence_terms[i]
        all_terms: list[str] = []
        all_spans: list[tuple[int, int]] = []
        for clause in ind.match:
            scope_terms = here if clause.scope == "sentence" else paragraph_terms[sent.paragraph]
            if any(t in here for t in clause.not_):
                continue
            used: list[str] = []
            if clause.all:
                ok = True
                for g, group in enumerate(clause.all):
                    pool = here if g == 0 else scope_terms  # the passage holds the first group
                    present = [t for t in group if t in pool]
                    if not present:
                        ok = False
                        break
                    used.extend(present)
                if not ok:
                    continue
            spans: list[tuple[int, int]] = []
            if clause.regex:
                m = searches.first(clause.regex, clause.scope, i)
                if m is None:
                    continue
                a, b, matched = m
                if clause.scope == "paragraph" and not clause.all and not (sent.start <= a < sent.end):
                    continue  # the sentence that carries the regex match is the passage
                if sent.start <= a and b <= sent.end:
                    spans.append((a, b))
                used.append(matched)
            for term in dict.fromkeys(used):
                for off in here.get(term, []):
                    spans.append((off, off + len(term)))
            all_terms.extend(used)
            all_spans.extend(spans)
        if not all_terms and not all_spans:
            return None
        # Every matching clause adds its terms: a quantity may measure any of them.
        return Hit(sentence=i, terms=tuple(dict.fromkeys(all_terms)), term_spans=tuple(sorted(set(all_spans))))


class _Searches:
    """A document's regex searches, each made once: the first match of a pattern in one sentence
    or paragraph, exactly as a search of that slice alone finds it. Slices a pattern cannot match
    (nothing in the document, or nothing in the paragraph around a sentence) are not searched."""

    def __init__(self, doc: Document, regexes: dict, narrowable: set[str]):
        self.doc, self.regexes, self.narrowable = doc, regexes, narrowable
        self._memo: dict[tuple[str, int, int], tuple[int, int, str] | None] = {}
        self._in_doc: dict[str, bool] = {}
        self._candidates: dict[tuple[str, str], set[int]] = {}

    def _search(self, rx: str, start: int, end: int) -> tuple[int, int, str] | None:
        key = (rx, start, end)
        if key not in self._memo:
            m = self.regexes[rx].search(self.doc.text[start:end])
            self._memo[key] = (m.start() + start, m.end() + start, m.group(0)) if m else None
        return self._memo[key]

    def _possible(self, rx: str) -> bool:
        if rx not in self.narrowable:
            return True
        if rx not in self._in_doc:
            self._in_doc[rx] = self.regexes[rx].search(self.doc.text) is not None
        return self._in_doc[rx]

    def first(self, rx: str, scope: str, i: int) -> tuple[int, int, str] | None:
        """First match of `rx` in sentence i's scope (the sentence or its paragraph)."""
        if not self._possible(rx):
            return None
        sent = self.doc.sentences[i]
        para = self.doc.paragraphs[sent.paragraph]
        in_para = self._search(rx, para.start, para.end) if (scope != "sentence" or rx in self.narrowable) else True
        if scope != "sentence" or in_para is None:
            return in_para
        return self._search(rx, sent.start, sent.end)

    def sentences(self, rx: str, scope: str) -> set[int]:
        """The sentences a regex-only clause can match: those with a match of their own, or, for
        paragraph scope, the sentence holding the paragraph's first match."""
        key = (rx, scope)
        if key not in self._candidates:
            out: set[int] = set()
            if self._possible(rx):
                for i, sent in enumerate(self.doc.sentences):
                    m = self.first(rx, scope, i)
                    if m is not None and (scope == "sentence" or sent.start <= m[0] < sent.end):
                        out.add(i)
            self._candidates[key] = out
        return self._candidates[key]
