"""Synthetic customer-support tickets for the text classification example.

Written for The ML Engineer Handbook and licensed, like the handbook's text,
under CC BY 4.0. The tickets are synthetic: no real customer wrote them. They
are addressed to the support team of Tasklane, a fictional project-management
app with web, desktop and mobile clients, a public API and integrations.

``load_tickets()`` builds the same corpus on every call (the seed is fixed).
Each ticket is composed from hand-written parts: an optional greeting, some
context, the main request, an optional detail, sometimes a second request from
another category, and an optional sign-off. On top of that, some tickets get
typos, a few are hand-written hard cases, and a few labels are wrong on
purpose, because real support data has all three.

Labeling guideline (the label is the team that should act first):

* ``billing``: charges, refunds, invoices, receipts, payment methods, prices.
  A refund after a cancellation is billing, because finance issues it.
* ``cancellation``: the customer wants to cancel, downgrade, stop a renewal
  or delete the account.
* ``outage``: the service is down or badly degraded for a whole team or
  region, or on every page; not one broken feature.
* ``technical``: one feature misbehaves, an integration or the API fails, or
  a how-to question.
* ``account_access``: log-in, passwords, two-factor authentication, single
  sign-on, locked or hijacked accounts, changing the log-in email.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CATEGORIES = ("billing", "cancellation", "outage", "technical", "account_access")

# Share of each category: technical questions dominate, cancellations are rarer.
CATEGORY_SHARES = {"billing": 0.24, "cancellation": 0.13, "outage": 0.15, "technical": 0.30, "account_access": 0.18}

# Annotators mostly confuse neighboring categories, so flipped labels go to one of these.
CONFUSABLE = {
    "billing": ("cancellation", "technical"),
    "cancellation": ("billing",),
    "outage": ("technical",),
    "technical": ("outage", "account_access"),
    "account_access": ("technical",),
}

SLOTS = {
    "plan": ["Pro", "Team", "Business", "Starter", "annual Team", "monthly Pro"],
    "amount": ["$12", "$15.99", "$49", "$96", "$180", "$240", "$19.99", "$588", "$29"],
    "month": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "device": ["iPhone", "Android phone", "iPad", "Windows laptop", "Mac", "Chromebook", "Pixel", "Samsung tablet"],
    "browser": ["Chrome", "Firefox", "Safari", "Edge"],
    "feature": [
        "the Gantt view",
        "file uploads",
        "the calendar sync",
        "comments",
        "notifications",
        "recurring tasks",
        "CSV export",
        "search",
        "the timeline",
        "task templates",
        "the board view",
        "time tracking",
        "reminders",
    ],
    "integration": ["Slack", "Google Drive", "Outlook", "Zapier", "GitHub", "Jira", "Microsoft Teams", "Dropbox"],
    "error": [
        "Error 500",
        "a 502 Bad Gateway",
        "'Something went wrong'",
        "error code E-1042",
        "a blank white page",
        "a 503 error",
        "a spinning wheel forever",
    ],
    "years": ["2", "3", "4", "6", "9"],
    "n": ["2", "3", "5", "8", "12", "20", "40"],
    "region": ["Europe", "the US east coast", "Australia", "our Frankfurt office", "India", "Brazil", "Canada"],
    "name": ["Maria", "Tom", "Priya", "Ahmed", "Lena", "Jorge", "Kenji", "Sarah", "Olu", "Mette"],
}

OPENERS = [
    "",
    "",
    "",
    "Hi,",
    "Hello,",
    "Hi team,",
    "hey",
    "Good morning,",
    "Hello support,",
    "Dear Tasklane team,",
    "URGENT:",
    "Hi there,",
    "Quick question:",
]

CLOSERS = [
    "",
    "",
    "",
    "Thanks",
    "Thank you!",
    "thx",
    "Regards, {name}",
    "Please help asap.",
    "Thanks in advance, {name}",
    "Cheers",
    "Please advise.",
    "Kind regards",
    "This is really frustrating.",
    "Appreciate it.",
]

CONTEXT = [
    "",
    "",
    "",
    "",
    "I've been a customer for {years} years.",
    "This is the second time I'm writing about this.",
    "I manage a team of {n} people.",
    "We're on the {plan} plan.",
    "I'm the admin for our workspace.",
    "Sorry if this was asked before.",
    "Your chatbot couldn't help.",
    "I searched the help center already.",
]

REQUESTS = {
    "billing": [
        "I was charged twice for my {plan} plan this month.",
        "Why is my invoice {amount} when the pricing page says {amount}?",
        "Can you send me a receipt for the {month} payment? Our accounting team needs it.",
        "My card was declined but there is plenty of money on it.",
        "How do I update the credit card on file?",
        "I need an invoice with our company name and VAT number on it.",
        "You charged me {amount} but I'm on the free plan.",
        "I'd like a refund for the annual renewal, I didn't get a reminder email before it renewed.",
        "The invoice for {month} shows {n} seats but we only have {n} users.",
        "Can I pay by bank transfer instead of card?",
        "There's a charge from Tasklane on my statement that I don't recognize.",
        "We were billed for the {plan} plan after downgrading in {month}.",
        "Please change the billing email to our finance address.",
        "Is there a discount for nonprofits or education?",
        "The price went up by {amount} a month without any notice.",
        "I cancelled last month but you still charged my card {amount}.",
        "Where can I download past invoices?",
        "Our purchase order number has to appear on the invoice.",
        "You took the payment twice and my bank shows both transactions.",
        "How is the prorated charge calculated when we add seats mid-month?",
        "I was promised a {n}% discount by your sales rep but it's not on the bill.",
        "Please refund the {amount} charged for seats we removed.",
        "Can we switch from monthly to annual billing and get the annual price?",
        "Payment failed and now the workspace shows a billing warning banner.",
        "What currency will I be charged in? I'm in {region}.",
        "The tax on my invoice looks wrong for {region}.",
    ],
    "cancellation": [
        "Please cancel my subscription.",
        "How do I cancel my {plan} plan?",
        "I want to close my account and delete all my data.",
        "We're moving to another tool, please stop the renewal.",
        "Cancel my account effective immediately.",
        "I'd like to downgrade from {plan} to the free plan.",
        "Turn off auto-renew for our workspace please.",
        "We no longer need Tasklane, how do we end the contract?",
        "Please don't renew us next {month}.",
        "I can't find the cancel button anywhere in settings.",
        "Our company is shutting down, we need to cancel all {n} seats.",
        "Delete my workspace, we won't use it anymore.",
        "I signed up for the trial by mistake, cancel it before I get charged.",
        "We're consolidating tools, please end our subscription at the end of the term.",
        "Remove my card and cancel, I only needed it for one project.",
        "What happens to our data if we cancel?",
        "I want to terminate the account, the product isn't a fit for us.",
        "Please reduce us to {n} seats and then cancel at renewal.",
        "How do I unsubscribe from the paid plan?",
        "Stop my membership, I'm not using it.",
        "We switched to a competitor, please close our Tasklane account.",
        "Is there a cancellation fee if we leave before the annual term ends?",
    ],
    "outage": [
        "Tasklane is down for our whole team.",
        "Nobody in {region} can load the app right now.",
        "Every page gives {error} since this morning.",
        "The site has been extremely slow for everyone in our office for the last hour.",
        "Is there an outage? The app won't load on any device.",
        "Your status page says all systems operational but nothing works.",
        "All our users are getting {error} when they open Tasklane.",
        "The API returns {error} for every request since 9am.",
        "Sync stopped working for the entire workspace, nothing is saving.",
        "Is the service down? Our whole company is blocked.",
        "Nothing loads, not the web app and not the mobile app.",
        "Tasklane has been unreachable from {region} for {n} hours.",
        "Everything is timing out, we can't work.",
        "Changes made by anyone on the team disappear after a refresh.",
        "Dashboard, boards and search are all broken at the same time.",
        "Seems like your servers are down again, third time this week.",
        "The whole app is read-only, no one can create tasks.",
        "We're seeing {error} everywhere, is this on your side?",
        "Massive slowdown across all projects, pages take a minute to open.",
        "None of our {n} users can get past the loading screen.",
        "Webhooks and notifications stopped for everyone at the same time.",
    ],
    "technical": [
        "{feature} doesn't work on my {device}.",
        "How do I set up the {integration} integration?",
        "The {integration} integration stopped posting updates.",
        "When I export to CSV the dates are in the wrong format.",
        "{feature} shows {error} but only in {browser}.",
        "Tasks I create from email end up in the wrong project.",
        "Is there a way to bulk edit due dates?",
        "Recurring tasks are created twice on my {device}.",
        "The API rate limit seems lower than the docs say.",
        "How do I move a project to another workspace?",
        "Attachments bigger than {n} MB fail to upload.",
        "The desktop app crashes when I open the timeline.",
        "Notifications arrive hours late on my {device}.",
        "How can I give a guest view-only access to one board?",
        "The calendar sync with {integration} duplicates every event.",
        "Search doesn't find tasks by their custom field values.",
        "Can I import my projects from a spreadsheet?",
        "{feature} is very slow when a project has a few hundred tasks.",
        "Dark mode makes the text in comments unreadable.",
        "The mobile app keeps logging events in the wrong time zone.",
        "How do I set a default assignee for new tasks?",
        "Our webhook receives the payload without the task title.",
        "Drag and drop on the board view doesn't work in {browser}.",
        "I get {error} when I try to use {feature}.",
        "Is there a keyboard shortcut to archive a task?",
        "The {integration} app asks for permissions again every day.",
        "Subtasks disappear when I switch to the list view.",
        "Our API token stopped working after we rotated it.",
        "How do I add a custom field to every project at once?",
        "The progress bar shows 100% but {n} tasks are still open.",
    ],
    "account_access": [
        "I can't log in, it says my password is wrong.",
        "The password reset email never arrives.",
        "My account is locked after too many attempts.",
        "I lost my phone and can't get the two-factor code.",
        "Single sign-on with our identity provider fails with {error}.",
        "How do I change the email address I log in with?",
        "Someone else logged into my account, I got an alert from {region}.",
        "The reset link says it has expired as soon as I click it.",
        "I'm stuck in a login loop on {browser}.",
        "I left my old company and need access to my personal account again.",
        "New team members never receive their invite email.",
        "The 2FA code from my authenticator app is always rejected.",
        "After our SSO migration nobody can sign in with Google anymore.",
        "I get logged out every few minutes on my {device}.",
        "Please unlock the account for {name}, she's locked out.",
        "I forgot which email I used to sign up.",
        "The magic link login opens the app but I'm still signed out.",
        "Our admin left and no one has owner rights to the workspace anymore.",
        "It says my account is deactivated but I'm still paying for a seat.",
        "I can't sign in on the {device} app but the website works.",
        "Please reset my password, the form gives me {error}.",
        "How do I turn on two-factor authentication for the whole team?",
    ],
}

DETAILS = {
    "billing": [
        "Order number TL-{n}{n}{n}.",
        "I attached a screenshot of the charge.",
        "The charge is dated {month} {n}.",
        "We need this sorted before our books close.",
    ],
    "cancellation": [
        "Please confirm by email.",
        "We'll export our projects first.",
        "No need to call me.",
        "Our renewal date is in {month}.",
    ],
    "outage": [
        "Our deadline is today.",
        "We tried different browsers and networks.",
        "Started around 10 minutes ago.",
        "Colleagues in {region} see the same.",
    ],
    "technical": [
        "I'm on the latest version.",
        "I already cleared the cache.",
        "It worked fine last week.",
        "Steps to reproduce are in the screenshot.",
    ],
    "account_access": [
        "I already checked the spam folder.",
        "My username is {name}.",
        "I tried on {browser} and on my {device}.",
        "I need to get in before a meeting at 3.",
    ],
}

# Tickets a template cannot produce: several requests, vague wording, slang.
# Each is labeled by the guideline in the module docstring.
HARD_CASES = [
    ("I cancelled in {month} and got charged again, I want my money back.", "billing"),
    ("cancel and refund pls", "billing"),
    ("Why am I still paying? I thought I closed this.", "billing"),
    ("If you can't fix the sync today we'll cancel.", "technical"),
    ("The app has been down all day, I want a refund for this month.", "outage"),
    ("Can't log in and the whole site is slow, is something going on?", "outage"),
    ("nothing works", "outage"),
    ("help", "technical"),
    ("I can't get in.", "account_access"),
    ("Please remove my colleague {name} from our plan, she left.", "cancellation"),
    ("how much does it cost to add {n} more people", "billing"),
    ("Downgrade us, the Team plan is too expensive.", "cancellation"),
    ("The invoice page gives {error}.", "technical"),
    ("Your app ate my afternoon of work, nothing saved.", "outage"),
    ("Our SSO is fine but Tasklane is returning {error} for every user.", "outage"),
    ("I got charged but can't log in to see why.", "billing"),
    ("Account deleted by mistake, can you restore it?", "account_access"),
    ("Is my data gone if I stop paying?", "cancellation"),
    ("The Slack bot keeps saying my account is unauthorized.", "technical"),
    ("Page won't load.", "outage"),
    ("It keeps asking me to verify but the code never comes.", "account_access"),
    ("Your product is broken and overpriced.", "cancellation"),
    ("Need the receipt + please cancel after this month", "billing"),
    ("we are leaving, pls confirm no more charges", "cancellation"),
    ("mobile app blank screen after update", "technical"),
    ("Everyone on my team was logged out at once and can't get back in.", "outage"),
    ("The button to update my card does nothing in {browser}.", "technical"),
    ("can u make the gantt thingy show weekends", "technical"),
    ("The subscription renewed into the wrong plan.", "billing"),
    ("I want to transfer ownership of the workspace before I leave.", "account_access"),
]

_MISSPELLINGS = {
    "password": "pasword",
    "account": "acount",
    "subscription": "subscripton",
    "cancel": "cancle",
    "refund": "refnd",
    "receipt": "reciept",
    "received": "recieved",
    "invoice": "invoce",
    "charged": "chargd",
    "working": "wroking",
    "integration": "intergration",
    "notifications": "notifcations",
    "because": "becuase",
    "please": "plz",
    "calendar": "calender",
    "login": "loggin",
    "separate": "seperate",
    "definitely": "definately",
}


def _fill(template: str, rng: np.random.Generator) -> str:
    """Replace each {slot} with a random value; the same slot may take different values."""
    out = template
    while "{" in out:
        start = out.index("{")
        end = out.index("}", start)
        values = SLOTS[out[start + 1 : end]]
        out = out[:start] + str(values[rng.integers(len(values))]) + out[end + 1 :]
    return out


def _typo(word: str, rng: np.random.Generator) -> str:
    """One keyboard slip: swap, drop or double a letter inside WORD."""
    if len(word) < 4 or not word.isalpha():
        return word
    i = int(rng.integers(1, len(word) - 1))
    kind = rng.integers(3)
    if kind == 0:
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _add_typos(text: str, rng: np.random.Generator, rate: float) -> str:
    """Misspell common words and slip on about RATE of the others."""
    words = []
    for word in text.split(" "):
        core = word.strip(".,!?:'").lower()
        if core in _MISSPELLINGS and rng.random() < 0.5:
            word = word.lower().replace(core, _MISSPELLINGS[core])
        elif rng.random() < rate:
            word = _typo(word, rng)
        words.append(word)
    return " ".join(words)


def _casual(text: str, rng: np.random.Generator) -> str:
    """Write the way people type on a phone: lower case, little punctuation."""
    text = text.lower()
    if rng.random() < 0.5:
        text = text.replace(".", "").replace(",", "")
    return text


def _pick(options: list[str], rng: np.random.Generator) -> str:
    return options[rng.integers(len(options))]


def _compose(category: str, rng: np.random.Generator) -> str:
    parts = [_pick(OPENERS, rng), _pick(CONTEXT, rng), _pick(REQUESTS[category], rng)]
    if rng.random() < 0.35:
        parts.append(_pick(DETAILS[category], rng))
    if rng.random() < 0.12:  # a second, lesser request from another team's area
        other = [c for c in CATEGORIES if c != category][rng.integers(len(CATEGORIES) - 1)]
        second = _pick(REQUESTS[other], rng)
        parts.append("Also, " + second[0].lower() + second[1:])
    parts.append(_pick(CLOSERS, rng))
    return " ".join(_fill(part, rng) for part in parts if part)


def load_tickets(n_tickets: int = 800, seed: int = 7, label_noise: float = 0.04) -> pd.DataFrame:
    """Return N_TICKETS synthetic support tickets, shuffled, with their routing label.

    Columns: ``text``, ``label`` (one of CATEGORIES, as an annotator assigned it)
    and ``label_was_flipped`` (True for the share LABEL_NOISE of tickets whose
    label was deliberately changed to a confusable category; you can know this
    only because the data is synthetic, so a model must never see it).
    """
    rng = np.random.default_rng(seed)
    shares = np.array([CATEGORY_SHARES[c] for c in CATEGORIES])
    n_hard = min(len(HARD_CASES), n_tickets // 10)
    categories = rng.choice(CATEGORIES, size=n_tickets - n_hard, p=shares / shares.sum())
    rows = [(_compose(str(c), rng), str(c)) for c in categories]
    rows += [(_fill(text, rng), label) for text, label in HARD_CASES[:n_hard]]

    texts, labels = [], []
    for text, label in rows:
        if rng.random() < 0.35:
            text = _add_typos(text, rng, rate=0.08)
        if rng.random() < 0.25:
            text = _casual(text, rng)
        texts.append(text)
        labels.append(label)

    flipped = rng.random(len(labels)) < label_noise
    noisy_labels = [_pick(list(CONFUSABLE[label]), rng) if flip else label for label, flip in zip(labels, flipped)]
    tickets = pd.DataFrame({"text": texts, "label": noisy_labels, "label_was_flipped": flipped})
    return tickets.sample(frac=1, random_state=seed).reset_index(drop=True)
