"""A character n-gram language model, and helpers for the handbook's small text corpus.

Used by generative-models-small.ipynb. The corpus, ``ml-engineering-notes.txt``, was
written for this handbook (CC BY 4.0); lines starting with "#" are its header, and
paragraphs are separated by blank lines.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import numpy as np

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 .,;:'-?!()"


def normalize(text: str) -> str:
    """Lowercase, turn every character outside ALPHABET into a space, collapse runs of spaces."""
    text = "".join(char if char in ALPHABET else " " for char in text.lower())
    return re.sub(" +", " ", text).strip()


def load_paragraphs(path: str | Path = "ml-engineering-notes.txt") -> list[str]:
    """The corpus as a list of normalized paragraphs, header removed."""
    raw = Path(path).read_text(encoding="utf-8")
    body = "\n".join(line for line in raw.splitlines() if not line.startswith("#"))
    return [normalize(paragraph) for paragraph in body.split("\n\n") if paragraph.strip()]


class CharNGramModel:
    """Predicts the next character from the previous n - 1 characters, by counting, with smoothing.

    For a context h and a character c, with pseudo-counts worth ``alpha``:

        P(c | h) = (count(h, c) + alpha * P_prior(c)) / (count(h) + alpha)

    With ``smoothing="add-k"`` the prior is uniform over ALPHABET, which is add-k
    smoothing with k = alpha / len(ALPHABET). With ``smoothing="interpolated"`` the
    prior is the same estimate for the context without its oldest character,
    recursively down to the uniform, so a rare or unseen context leans on a shorter one.
    """

    def __init__(self, n: int, smoothing: str = "interpolated", alpha: float = 2.0) -> None:
        if smoothing not in ("interpolated", "add-k"):
            raise ValueError(f"smoothing must be 'interpolated' or 'add-k', not {smoothing!r}")
        self.n, self.smoothing, self.alpha = n, smoothing, alpha

    def fit(self, texts: list[str]) -> CharNGramModel:
        """Count, for every context of 0 to n - 1 characters, how often each character followed it."""
        # counts[length][context] is an array of len(ALPHABET) counts
        self.counts = [defaultdict(lambda: np.zeros(len(ALPHABET))) for _ in range(self.n)]
        for text in texts:
            text = " " * (self.n - 1) + text  # pad so the first characters have a full context
            for i in range(self.n - 1, len(text)):
                for length in range(self.n):
                    self.counts[length][text[i - length : i]][ALPHABET.index(text[i])] += 1
        return self

    def next_char_probs(self, context: str) -> np.ndarray:
        """Probability of each character of ALPHABET after ``context`` (at least n - 1 characters)."""
        probs = np.full(len(ALPHABET), 1 / len(ALPHABET))
        lengths = range(self.n) if self.smoothing == "interpolated" else [self.n - 1]
        for length in lengths:  # each estimate is the prior of the next, longer one
            counts = self.counts[length].get(context[len(context) - length :])
            if counts is None:  # context never seen in training: keep the estimate so far
                break
            probs = (counts + self.alpha * probs) / (counts.sum() + self.alpha)
        return probs

    def perplexity(self, texts: list[str]) -> float:
        """exp(mean negative log-probability per character) over ``texts``."""
        pad = " " * (self.n - 1)
        log_probs = [
            np.log(self.next_char_probs(pad + text[:i])[ALPHABET.index(char)]) for text in texts for i, char in enumerate(text)
        ]
        return float(np.exp(-np.mean(log_probs)))

    def sample(self, rng: np.random.Generator, prompt: str, length: int, temperature: float = 1.0) -> str:
        """Continue ``prompt`` by ``length`` characters; log-probabilities are divided by ``temperature``."""
        text = " " * (self.n - 1) + prompt
        for _ in range(length):
            logits = np.log(self.next_char_probs(text)) / temperature
            probs = np.exp(logits - logits.max())  # subtract the max so exp cannot overflow
            text += ALPHABET[rng.choice(len(ALPHABET), p=probs / probs.sum())]
        return text[self.n - 1 + len(prompt) :]


def longest_copied_span(text: str, source: str) -> str:
    """Longest substring of ``text`` that appears verbatim somewhere in ``source``."""
    best = ""
    for start in range(len(text)):
        end = start + len(best) + 1
        while end <= len(text) and text[start:end] in source:
            best = text[start:end]
            end += 1
    return best
