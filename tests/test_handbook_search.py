"""examples/handbook_search.py: BM25, rank fusion and the retrieval metrics, against hand-computed cases.

The search notebook (examples/search-the-handbook.ipynb) reports these metrics
for three retrievers, so each is checked here on numbers worked out on paper,
and the shipped question set is checked against the corpus it labels.
"""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "examples"))
import handbook_search as hs  # noqa: E402

DATA = ROOT / "examples" / "data"


def test_ndcg_of_the_ideal_ranking_is_one() -> None:
    assert hs.ndcg_at_k(["a", "b", "x", "y"], {"a", "b"}, 10) == pytest.approx(1.0)
    assert hs.ndcg_at_k(["a"], {"a"}, 10) == pytest.approx(1.0)


def test_ndcg_hand_computed() -> None:
    # Relevant items at ranks 1 and 3 of two relevant: (1 + 1/log2 4) / (1 + 1/log2 3) = 1.5 / 1.6309
    assert hs.ndcg_at_k(["x", "z", "y"], {"x", "y"}, 10) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    # One relevant item at rank 2: 1/log2(3) = 0.6309
    assert hs.ndcg_at_k(["b", "a", "c"], {"a"}, 10) == pytest.approx(0.6309, abs=1e-4)
    # A relevant item just past the cut-off counts for nothing.
    assert hs.ndcg_at_k(["b", "c", "a"], {"a"}, 2) == 0.0


def test_reciprocal_rank_and_mrr_hand_computed() -> None:
    rankings = [["b", "a", "c"], ["x", "z", "y"], ["r", "s", "t"]]
    relevant = [{"a"}, {"x", "y"}, {"q"}]
    rr = [hs.reciprocal_rank(r, rel) for r, rel in zip(rankings, relevant, strict=True)]
    assert rr == [0.5, 1.0, 0.0]
    assert hs.per_question_metrics(rankings, relevant)["MRR"].mean() == pytest.approx(0.5)


def test_recall_at_k_counts_the_share_of_relevant_items() -> None:
    assert hs.recall_at_k(["x", "z", "y"], {"x", "y"}, 1) == 0.5
    assert hs.recall_at_k(["x", "z", "y"], {"x", "y"}, 3) == 1.0
    assert hs.recall_at_k(["r", "s"], {"q"}, 10) == 0.0


def test_bm25_worked_example_of_the_retrieval_chapter() -> None:
    # N = 1,000 documents of average length 100; "reset" in 50, "password" in 200;
    # a 60-token document with "reset" twice and "password" once scores 6.5499.
    score = hs.bm25_term_score(2, hs.bm25_idf(1000, 50), 60, 100) + hs.bm25_term_score(1, hs.bm25_idf(1000, 200), 60, 100)
    assert score == pytest.approx(6.5499, abs=1e-4)
    longer = hs.bm25_term_score(2, hs.bm25_idf(1000, 50), 200, 100) + hs.bm25_term_score(1, hs.bm25_idf(1000, 200), 200, 100)
    assert longer == pytest.approx(4.3464, abs=1e-4)


def test_bm25_ranks_the_exact_term_match_first() -> None:
    docs = [
        "the model is trained on customer data",
        "spot capacity can be reclaimed with two minutes of notice",
        "customer data is cleaned before the model is trained",
    ]
    bm25 = hs.BM25([hs.tokenize(d) for d in docs])
    scores = bm25.scores(hs.tokenize("reclaimed spot capacity"))
    assert hs.top_k(scores, 3)[0] == 1
    assert scores[0] == scores[2] == 0.0


def test_bm25_saturates_and_normalizes_length() -> None:
    # More repeats add less and less, and never pass idf * (k1 + 1).
    factors = hs.bm25_term_score(np.arange(1.0, 11.0), 1.0, 100, 100, k1=1.2, b=0.75)
    gains = np.diff(factors)
    assert np.all(gains > 0) and np.all(np.diff(gains) < 0)
    assert factors[[0, 1, 4, 9]] == pytest.approx([1.0, 1.375, 1.774, 1.964], abs=1e-3)  # the chapter's figures
    assert hs.bm25_term_score(1e6, 1.0, 100, 100) < 2.2
    # The same count in a shorter document scores higher; with b = 0 length does not matter.
    assert hs.bm25_term_score(1, 1.0, 50, 100) > hs.bm25_term_score(1, 1.0, 200, 100)
    assert hs.bm25_term_score(1, 1.0, 50, 100, b=0) == hs.bm25_term_score(1, 1.0, 200, 100, b=0)


def test_rrf_of_identical_lists_preserves_order() -> None:
    ranking = ["d", "a", "c", "b"]
    assert hs.reciprocal_rank_fusion([ranking, ranking, ranking]) == ranking


def test_rrf_worked_example_of_the_retrieval_chapter() -> None:
    assert hs.reciprocal_rank_fusion([list("ABCD"), list("CAEB")], k=60) == list("ACBED")


def test_sections_from_chunks_keeps_each_section_at_its_best_rank() -> None:
    chunks = [hs.Chunk("p.md#a", "t", "x"), hs.Chunk("p.md#b", "t", "y"), hs.Chunk("p.md#a", "t", "z")]
    assert hs.sections_from_chunks([2, 0, 1], chunks, 10) == ["p.md#a", "p.md#b"]


def test_chunks_respect_the_word_limit_and_keep_every_word() -> None:
    text = "One two three. Four five six seven.\n\n" + " ".join(f"w{i}" for i in range(25)) + ".\n\nLast one."
    chunks = hs.chunk_text(text, 10)
    assert all(len(c.split()) <= 10 for c in chunks)
    assert " ".join(" ".join(chunks).split()) == " ".join(text.split())
    assert hs.chunk_text(text, 0) == [text]


def test_bootstrap_interval_brackets_the_mean_and_is_reproducible() -> None:
    values = np.r_[np.ones(30), np.zeros(10)]
    low, high = hs.bootstrap_ci(values, seed=0)
    assert low < values.mean() < high
    assert (low, high) == hs.bootstrap_ci(values, seed=0)
    assert hs.bootstrap_ci(np.ones(20)) == (1.0, 1.0)


def test_hashed_features_are_stable_and_in_range() -> None:
    ids = hs.hashed_features("Models overfit", 1024)
    assert ids == hs.hashed_features("Models overfit", 1024)
    assert all(0 <= i < 1024 for i in ids)
    # "models" and "model" share their stem, so they share every bucket.
    assert set(hs.hashed_features("models", 1024)) == set(hs.hashed_features("model", 1024))


def test_every_labelled_section_exists_in_the_corpus() -> None:
    sections = {hs.section_id(r) for r in hs.load_jsonl(DATA / "handbook-corpus.jsonl")}
    questions = hs.load_jsonl(DATA / "handbook-questions.jsonl")
    assert len(questions) >= 40
    missing = [(q["id"], s) for q in questions for s in q["relevant"] if s not in sections]
    assert not missing, f"labelled sections not in the corpus (remade with other anchors?): {missing}"
