"""Chinese-friendly site search on Wagtail's database backend (SQLite FTS5 and PostgreSQL).

Both backends split text into words on spaces and punctuation, and Chinese has neither between
words, so a title like 关于小区停车管理的听证会 is one "word" to them and 听证 never matches. Each
content page therefore indexes an extra field of terms: every Han character alone and every pair
of neighbouring Han characters (character bigrams, as Lucene's CJK analyser does), plus the
non-Chinese words as they are. A query is turned into the same terms (bigrams of each run of two or
more Han characters, the character itself for a run of one) and all of them must match. No
dictionary to maintain, the same behaviour on both databases, and a term field about 2.6 times the
length of the text (measured on the demo content).
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{HAN}]+")
_WORD = re.compile(rf"[^\W{HAN}_]+", re.UNICODE)


def _grams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def search_terms(text: str) -> str:
    """The text as index terms: Han unigrams and bigrams, other words lower-cased, deduplicated."""
    terms: dict[str, None] = {}
    for run in _HAN_RUN.findall(text):
        for term in [*run, *_grams(run)]:
            terms.setdefault(term)
    for word in _WORD.findall(text):
        terms.setdefault(word.lower())
    return " ".join(terms)


def query_terms(query: str) -> str:
    """The query as the same terms: bigrams of each Han run (or the single character)."""
    terms: dict[str, None] = {}
    for run in _HAN_RUN.findall(query):
        for term in _grams(run) or [run]:
            terms.setdefault(term)
    for word in _WORD.findall(query):
        terms.setdefault(word.lower())
    return " ".join(terms)


def highlight_words(query: str) -> list[str]:
    """What to mark in an excerpt: each Han run and word of the query as typed, then its bigrams
    (a page found by the bigrams of 停车管理 may hold 停车 and 管理 apart), longest first."""
    words: dict[str, None] = {}
    for run in _HAN_RUN.findall(query):
        words.setdefault(run)
    for word in _WORD.findall(query):
        words.setdefault(word)
    for term in query_terms(query).split():
        words.setdefault(term)
    return sorted(words, key=len, reverse=True)


def excerpt(text: str, query: str, width: int = 120) -> SafeString:
    """A window of ``text`` around the first query term, every term in <mark>, all else escaped."""
    text = " ".join(text.split())
    words = highlight_words(query)
    if not text or not words:
        return escape(text[:width])
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - width // 3) if first else 0
    window = text[start : start + width]
    html = "…" if start else ""
    position = 0
    for match in pattern.finditer(window):
        html += escape(window[position : match.start()]) + f"<mark>{escape(match.group())}</mark>"
        position = match.end()
    html += escape(window[position:]) + ("…" if start + width < len(text) else "")
    return mark_safe(html)  # noqa: S308 -- every piece of text above went through escape()
