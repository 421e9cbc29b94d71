"""Indicator rules compiled once per run and applied per document.

All literal terms of all indicators go into one Aho–Corasick automaton, so the text is scanned
once however many rules there are; regexes are RE2 (linear time), so no user pattern can hang.
"""

from __future__ import annotations

from dataclasses import dataclass

import bisect

import ahocorasick
import re2

from .models import Document
from .rubric import RE2_OPTIONS, Clause, Indicator


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

        # Only sentences holding a term of some clause's first group can match that clause;
        # regex-only clauses still look at every sentence.
        term_sentences: dict[str, set[int]] = {}
        for i, found_terms in enumerate(sentence_terms):
            for term in found_terms:
                term_sentences.setdefault(term, set()).add(i)
        every = range(len(doc.sentences))
        hits: dict[str, list[Hit]] = {}
        for ind in self.indicators:
            candidates: set[int] = set()
            for clause in ind.match:
                if not clause.all:
                    candidates.update(every)
                    break
                for term in clause.all[0]:
                    candidates |= term_sentences.get(term, set())
            found: list[Hit] = []
            for i in sorted(candidates):
                matched = self._match_sentence(ind, doc, i, sentence_terms, paragraph_terms)
                if matched is not None:
                    found.append(matched)
            hits[ind.id] = found
        return hits

    def _match_sentence(self, ind, doc, i, sentence_terms, paragraph_terms) -> Hit | None:
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
                if clause.scope == "sentence":
                    scope_text, base = doc.text[sent.start : sent.end], sent.start
                else:
                    para = doc.paragraphs[sent.paragraph]
                    scope_text, base = doc.text[para.start : para.end], para.start
                m = self._regexes[clause.regex].search(scope_text)
                if not m:
                    continue
                a, b = m.start() + base, m.end() + base
                if clause.scope == "paragraph" and not clause.all and not (sent.start <= a < sent.end):
                    continue  # the sentence that carries the regex match is the passage
                if sent.start <= a and b <= sent.end:
                    spans.append((a, b))
                used.append(m.group(0))
            for term in dict.fromkeys(used):
                for off in here.get(term, []):
                    spans.append((off, off + len(term)))
            all_terms.extend(used)
            all_spans.extend(spans)
        if not all_terms and not all_spans:
            return None
        # Every matching clause adds its terms: a quantity may measure any of them.
        return Hit(sentence=i, terms=tuple(dict.fromkeys(all_terms)), term_spans=tuple(sorted(set(all_spans))))
