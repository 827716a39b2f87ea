"""A small support assistant for Tasklane, and a similarity-based judge that grades its replies.

Written for The ML Engineer Handbook (CC BY 4.0) and used by
llm-eval-and-security.ipynb. Tasklane is the fictional project-management app
of ticket_corpus.py. The assistant routes a ticket to a team (any
scikit-learn classifier does that part) and drafts a reply: the sentence of
that team's help-center article most similar to the ticket. The help-center
text below was written for this handbook.

``SimilarityJudge`` stands in for an LLM judge. It is not a language model:
it scores a reply by the cosine similarity of the word TF-IDF vectors of
the ticket and the reply. It is used to show how to measure a
judge (agreement with human labels, position and length bias) before you
trust one.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

HELP_CENTER = {
    "billing": [
        "You can download every invoice and receipt from Settings, Billing, Invoice history.",
        "If you were charged twice, the duplicate payment is refunded automatically within five business days.",
        "To update the credit card on file, open Settings, Billing, Payment method and save the new card.",
        "Refunds for an annual renewal are available within 14 days of the charge; write to us with the invoice number.",
        "Your company name, address, VAT number and purchase order number can be added to invoices under Billing details.",
        "When you add seats in the middle of a month, the charge is prorated to the days left in the billing period.",
        "Prices are shown in your local currency where we support it, and tax is calculated from your billing address.",
        "A declined card usually means the bank blocked an international payment; ask your bank to allow charges from Tasklane.",
    ],
    "cancellation": [
        "To cancel, the workspace owner opens Settings, Plan and chooses Cancel subscription; the plan stays active until the end of the term.",
        "Turning off auto-renew stops the next renewal and keeps your paid features until the renewal date.",
        "You can downgrade to the free plan at any time; projects over the free limit become read-only, nothing is deleted.",
        "Deleting an account removes all projects and data after 30 days, and you can export everything before that.",
        "There is no cancellation fee; annual plans are not refunded for the unused months.",
        "Before you close the account, export your projects to CSV from Settings, Data export.",
    ],
    "outage": [
        "When Tasklane is down or slow for your whole team, check status.tasklane.example for live incident updates.",
        "During an incident our engineers are already working on it, and the status page is updated every 30 minutes.",
        "If pages fail with a 502 or 503 error for every user, it is a service problem on our side, not your network.",
        "Changes made during an outage are saved once the service recovers; avoid editing the same task twice.",
        "If the status page shows no incident but nothing loads for anyone in your office, send us the time and your region.",
        "API requests that fail during an incident can be retried safely; they are idempotent.",
    ],
    "technical": [
        "To set up an integration such as Slack, Google Drive or GitHub, open Settings, Integrations and follow the connect steps.",
        "If a feature misbehaves in one browser, clear the cache, update the browser, and try a private window.",
        "CSV exports use the date format of your profile settings; change it under Profile, Language and region.",
        "Attachments can be up to 250 MB each; larger files should be linked from cloud storage.",
        "If notifications arrive late on a phone, allow background refresh for the Tasklane app in the phone's settings.",
        "Guests can get view-only access to a single board from the board's Share menu.",
        "The API allows 100 requests per minute per token; a 429 response means you should wait and retry.",
        "Recurring tasks and reminders follow the time zone set in your profile, so check it first when times look wrong.",
    ],
    "account_access": [
        "To reset your password, click Forgot password on the log-in page; the reset link is valid for one hour.",
        "If the reset email does not arrive, check the spam folder and make sure you typed the email you signed up with.",
        "After five failed log-in attempts the account is locked for 15 minutes for your protection.",
        "If you lost the phone with your two-factor codes, use one of your backup codes or ask your workspace admin to reset two-factor authentication.",
        "Single sign-on problems are usually a mismatch in the identity provider settings; your admin can check them under Security, SSO.",
        "To change the email you log in with, open Profile, Email, and confirm the new address from your inbox.",
        "If you see a log-in alert you do not recognize, change your password at once and sign out all other sessions under Security.",
    ],
}


class ReplyDrafter:
    """Drafts a reply as the sentence of the routed team's article most similar to the ticket (word TF-IDF)."""

    def __init__(self, help_center: dict[str, list[str]] = HELP_CENTER):
        self.help_center = help_center
        sentences = [sentence for article in help_center.values() for sentence in article]
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english").fit(sentences)
        self.matrices = {team: self.vectorizer.transform(article) for team, article in help_center.items()}

    def draft(self, tickets: list[str], teams: list[str]) -> list[str]:
        """One reply per ticket, taken from the article of the team it was routed to."""
        vectors = self.vectorizer.transform(tickets)
        replies = []
        for i, team in enumerate(teams):
            similarities = (self.matrices[team] @ vectors[i].T).toarray().ravel()
            replies.append(self.help_center[team][int(np.argmax(similarities))])
        return replies


class SimilarityJudge:
    """A deterministic stand-in for an LLM judge: is this reply relevant to this ticket?

    ``score`` is the cosine similarity of word TF-IDF vectors, English stop
    words removed (fitted on the help center and the tickets given to
    ``fit``); ``grade``
    passes a reply whose score reaches ``threshold``; ``prefer`` picks the
    better of two replies, as a pairwise judge does.
    """

    def __init__(self, threshold: float = 0.1):
        self.threshold = threshold

    def fit(self, tickets: list[str], help_center: dict[str, list[str]] = HELP_CENTER) -> SimilarityJudge:
        sentences = [sentence for article in help_center.values() for sentence in article]
        self.vectorizer_ = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit(list(tickets) + sentences)
        return self

    def score(self, tickets: list[str], replies: list[str]) -> np.ndarray:
        """Cosine similarity of each ticket with its reply (TF-IDF rows are unit length)."""
        t = self.vectorizer_.transform(tickets)
        r = self.vectorizer_.transform(replies)
        return np.asarray(t.multiply(r).sum(axis=1)).ravel()

    def grade(self, tickets: list[str], replies: list[str]) -> np.ndarray:
        """1 where the judge passes the reply, 0 where it fails it."""
        return (self.score(tickets, replies) >= self.threshold).astype(int)

    def prefer(self, tickets: list[str], first: list[str], second: list[str], tie_margin: float | None = None) -> np.ndarray:
        """For each ticket, "first" or "second": the reply with the higher score.

        Without TIE_MARGIN this is the obvious implementation (``>=``), which
        hands every tie to the reply shown first; with it, scores closer than
        TIE_MARGIN give "tie".
        """
        s1, s2 = self.score(tickets, first), self.score(tickets, second)
        verdict = np.where(s1 >= s2, "first", "second").astype(object)
        if tie_margin is not None:
            verdict[np.abs(s1 - s2) < tie_margin] = "tie"
        return verdict
