"""Search the handbook's own text: chunking, BM25, rank fusion and the retrieval metrics.

Used by search-the-handbook.ipynb; tests/test_handbook_search.py checks the
metrics and BM25 against hand-computed cases. Everything here is plain Python
and NumPy, so each function can be read in one sitting.

The corpus is ``data/handbook-corpus.jsonl`` (one JSON object per H2 section
of the handbook, CC BY 4.0, made by scripts/snapshot_corpus.py); the labelled
questions are ``data/handbook-questions.jsonl``. A section is named by its
link, ``page#anchor``, and every ranking here is a list of such names.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Function words: they say nothing about what a section covers. The list holds
# only articles, pronouns, auxiliaries, modals, prepositions, conjunctions and
# a few adverbs, so that no content word (unlike "bill" or "system" in some
# published lists) is ever dropped. BM25's IDF already weighs common words
# down; removing these also keeps them out of the explanations of misses.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing done down during each either even ever every
    few for from further had has have having he her here hers herself him himself his how i if in into
    is it its itself just may me might more most much must my myself no nor not now of off on once only
    or other our ours ourselves out over own quite rather really same shall she should so some still such
    than that the their theirs them themselves then there these they this those though through to too
    under until up upon us very was we were what when where whether which while who whom whose why will
    with within without would yet you your yours yourself yourselves""".split()
)

_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


# ---------------------------------------------------------------- loading


def load_jsonl(path: str | Path) -> list[dict]:
    """One dict per non-empty line of a JSON Lines file."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def section_id(record: dict) -> str:
    """The name of a section: its link, ``page#anchor`` (just ``page`` for a page's opening)."""
    return f"{record['page']}#{record['anchor']}" if record["anchor"] else record["page"]


# ---------------------------------------------------------------- text


def stem(word: str) -> str:
    """A very light stemmer: plural and a few verb endings, so 'models' matches 'model'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "oes")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Lower-case words and numbers, stopwords removed, lightly stemmed."""
    return [stem(word) for word in _WORD.findall(text.lower()) if word not in STOPWORDS]


def sentences(text: str) -> list[str]:
    """Split text into sentences at ., ! or ? followed by a capital, a digit or a quote; lines stay apart."""
    out = []
    for line in text.split("\n"):
        out += [part.strip() for part in _SENTENCE_END.split(line) if part.strip()]
    return out


# ---------------------------------------------------------------- chunking


@dataclass
class Chunk:
    """A piece of one section: the unit that gets indexed and retrieved."""

    section: str  # page#anchor of the section it came from
    title: str  # "Page title: section heading", prepended when indexing
    text: str

    @property
    def indexed_text(self) -> str:
        """What the search engines see: the title line, then the chunk."""
        return f"{self.title}\n{self.text}"


def chunk_text(text: str, max_words: int) -> list[str]:
    """Pack whole paragraphs into chunks of at most ``max_words`` words.

    A paragraph longer than ``max_words`` is split at sentence ends, and a
    sentence longer than that into word windows, so no chunk exceeds the limit.
    ``max_words=0`` keeps the whole text as one chunk.
    """
    if max_words <= 0:
        return [text]
    pieces: list[str] = []
    for paragraph in text.split("\n\n"):
        if len(paragraph.split()) <= max_words:
            pieces.append(paragraph)
            continue
        for sentence in sentences(paragraph):
            words = sentence.split()
            pieces += [" ".join(words[i : i + max_words]) for i in range(0, len(words), max_words)]
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for piece in pieces:
        n = len(piece.split())
        if current and size + n > max_words:
            chunks.append("\n\n".join(current))
            current, size = [], 0
        current.append(piece)
        size += n
    if current:
        chunks.append("\n\n".join(current))
    return chunks


def make_chunks(records: Iterable[dict], max_words: int, page_titles: dict[str, str]) -> list[Chunk]:
    """Every section of the corpus cut into chunks, each labelled with its section and a title line."""
    chunks = []
    for record in records:
        page_title = page_titles.get(record["page"], "")
        title = record["heading"] if record["heading"] == page_title else f"{page_title}: {record['heading']}"
        for text in chunk_text(record["text"], max_words):
            chunks.append(Chunk(section_id(record), title, text))
    return chunks


# ---------------------------------------------------------------- BM25


def bm25_idf(n_docs: int, df: int) -> float:
    """Lucene's BM25 IDF: ln(1 + (N - df + 0.5) / (df + 0.5)); rare terms weigh more, none is negative."""
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))


def bm25_term_score(tf, idf: float, doc_len, avgdl: float, k1: float = 1.2, b: float = 0.75):
    """One term's contribution to a document's BM25 score; works on scalars and NumPy arrays alike."""
    length_factor = 1 - b + b * doc_len / avgdl
    return idf * tf * (k1 + 1) / (tf + k1 * length_factor)


class BM25:
    """Okapi BM25 over a list of tokenized documents.

    For a query with terms t and a document d of length |d|:

        score(d) = sum over t of  IDF(t) * tf(t, d) * (k1 + 1) / (tf(t, d) + k1 * (1 - b + b * |d| / avgdl))

    tf(t, d) is how often t occurs in d; avgdl is the mean document length.
    k1 sets how fast repeats of a term stop adding score (0: only presence
    counts; large: close to raw counts). b sets how much a long document is
    penalized (0: not at all; 1: tf is fully divided by relative length).
    IDF(t) = ln(1 + (N - df + 0.5) / (df + 0.5)), with df the number of
    documents that contain t, so a rare term weighs more and no weight is negative.
    """

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.n_docs = len(documents)
        self.lengths = np.array([len(doc) for doc in documents], dtype=float)
        self.avgdl = float(self.lengths.mean()) if self.n_docs else 0.0
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, doc in enumerate(documents):
            for term, count in Counter(doc).items():
                postings[term].append((i, count))
        # term -> (document ids, term counts), as arrays: the inverted index
        self.index = {t: (np.array([i for i, _ in p]), np.array([c for _, c in p], dtype=float)) for t, p in postings.items()}
        self.idf = {t: bm25_idf(self.n_docs, len(ids)) for t, (ids, _) in self.index.items()}

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """The BM25 score of every document for a tokenized query (0 where no term matches)."""
        out = np.zeros(self.n_docs)
        for term in set(query):
            if term in self.index:
                ids, tf = self.index[term]
                out[ids] += bm25_term_score(tf, self.idf[term], self.lengths[ids], self.avgdl, self.k1, self.b)
        return out


def top_k(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the k highest scores, best first; ties go to the lower index, so results are stable."""
    order = np.lexsort((np.arange(len(scores)), -scores))
    return [int(i) for i in order[:k]]


def sections_from_chunks(chunk_order: Iterable[int], chunks: Sequence[Chunk], k: int) -> list[str]:
    """Turn a ranking of chunks into a ranking of sections: each section at the rank of its best chunk."""
    seen: list[str] = []
    for i in chunk_order:
        section = chunks[i].section
        if section not in seen:
            seen.append(section)
            if len(seen) == k:
                break
    return seen


def reciprocal_rank_fusion(rankings: Sequence[Sequence[Hashable]], k: int = 60) -> list:
    """Fuse rankings by RRF (Cormack, Clarke and Buettcher, 2009): score(d) = sum of 1 / (k + rank of d).

    Ranks start at 1. Only ranks are used, never scores, so the lists may come
    from engines whose scores are on different scales. k = 60 is the paper's
    value: it keeps one list's first place from outweighing agreement between
    lists. Ties keep the order in which items first appear. Items may be any
    hashable names: section links, or chunk numbers.
    """
    fused: dict[Hashable, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    first_seen = {item: i for i, item in enumerate(dict.fromkeys(x for r in rankings for x in r))}
    return sorted(fused, key=lambda item: (-fused[item], first_seen[item]))


# ---------------------------------------------------------------- hashed features for the dense encoder


def hashed_features(text: str, n_buckets: int) -> list[int]:
    """Bucket ids of a text's word unigrams, word bigrams and character trigrams, by CRC32 hashing.

    Trigrams are taken inside each word with boundary marks, '<model>' giving
    '<mo', 'mod', 'ode', 'del', 'el>', so 'models' and 'modeling' share
    buckets. CRC32 is the same on every machine and every run, unlike
    Python's hash(). An empty text gets bucket 0, so every text has a feature.
    """
    words = tokenize(text)
    grams = [f"w:{w}" for w in words] + [f"b:{a}_{b}" for a, b in zip(words, words[1:])]
    for word in words:
        marked = f"<{word}>"
        grams += [f"c:{marked[i : i + 3]}" for i in range(len(marked) - 2)]
    return [zlib.crc32(g.encode()) % n_buckets for g in grams] or [0]


# ---------------------------------------------------------------- metrics


def recall_at_k(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """Share of the relevant items that appear in the first k results."""
    relevant = set(relevant)
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def reciprocal_rank(ranked: Sequence[str], relevant: Iterable[str]) -> float:
    """1 / rank of the first relevant result (ranks start at 1); 0 if none is retrieved. Its mean is MRR."""
    relevant = set(relevant)
    for rank, item in enumerate(ranked, start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevant: Iterable[str], k: int = 10) -> float:
    """Normalized discounted cumulative gain with binary relevance.

    DCG@k = sum over the first k results of rel_i / log2(i + 1), with i the
    rank from 1 and rel_i 1 for a relevant result, else 0. It is divided by the
    DCG of the ideal ranking (every relevant item first), so 1.0 is perfect.
    """
    relevant = set(relevant)
    dcg = sum(1.0 / math.log2(rank + 1) for rank, item in enumerate(ranked[:k], start=1) if item in relevant)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal


def per_question_metrics(rankings: Sequence[Sequence[str]], relevant: Sequence[Iterable[str]]) -> dict[str, np.ndarray]:
    """Each metric for each question, as arrays (the bootstrap resamples these)."""
    rows = [
        (
            recall_at_k(r, rel, 1),
            recall_at_k(r, rel, 5),
            recall_at_k(r, rel, 10),
            reciprocal_rank(r, rel),
            ndcg_at_k(r, rel, 10),
        )
        for r, rel in zip(rankings, relevant, strict=True)
    ]
    values = np.array(rows, dtype=float).reshape(-1, 5)
    return dict(zip(["recall@1", "recall@5", "recall@10", "MRR", "nDCG@10"], values.T, strict=True))


def bootstrap_ci(values: np.ndarray, n_resamples: int = 2000, level: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval for the mean: resample the questions with replacement."""
    rng = np.random.default_rng(seed)
    values = np.asarray(values, dtype=float)
    means = values[rng.integers(0, len(values), size=(n_resamples, len(values)))].mean(axis=1)
    tail = (1 - level) / 2
    return float(np.quantile(means, tail)), float(np.quantile(means, 1 - tail))
