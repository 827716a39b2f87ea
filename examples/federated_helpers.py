"""Helpers for the federated averaging notebook (federated-averaging.ipynb).

The federated algorithm itself (the training round, the server's averaging step
and the privacy experiments) is written out in the notebook. This module holds
what it builds on: the data, a softmax-regression model in NumPy, two ways to
split data among clients, a back-of-the-envelope privacy bound and the plots.
"""

from __future__ import annotations

from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

N_CLASSES = 10


class FedAvgRun(NamedTuple):
    """The result of one federated training run."""

    weights: np.ndarray  # the final global model
    accuracy: np.ndarray  # test accuracy of the global model after each round
    client_weights: np.ndarray  # the last round's client models, before averaging


def load_data(seed: int):
    """Digits scaled to [0, 1] plus a constant bias column, split 75/25 with stratification.

    Pixel intensities run from 0 to 16 by construction, so dividing by 16 needs no
    statistic from the data. (A StandardScaler would need the pooled mean and
    variance, which a federated system has to compute in a round of its own.)
    Returns X_train, X_test, y_train, y_test.
    """
    digits = load_digits()
    X = np.hstack([digits.data / 16.0, np.ones((len(digits.data), 1))])
    return train_test_split(X, digits.target, test_size=0.25, stratify=digits.target, random_state=seed)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)  # avoids overflow in exp
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def gradient(weights: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of the mean cross-entropy of softmax regression with respect to the weights."""
    residual = softmax(X @ weights)
    residual[np.arange(len(y)), y] -= 1.0  # predicted probability minus one-hot label
    return X.T @ residual / len(y)


def sgd(weights, X, y, epochs, rng, learning_rate=0.5, batch_size=20):
    """Minibatch SGD starting from `weights`; returns new weights and leaves the input untouched."""
    weights = weights.copy()
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            batch = order[start : start + batch_size]
            weights -= learning_rate * gradient(weights, X[batch], y[batch])
    return weights


def accuracy(weights: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.argmax(X @ weights, axis=1) == y))


def client_update(weights, client, epochs, seed):
    """What a client sends back after `epochs` of SGD on its (X, y), as a change to `weights`."""
    X, y = client
    return sgd(weights, X, y, epochs, np.random.default_rng(seed)) - weights


def report_update_norms(clients, trained_weights, epochs, seed) -> None:
    """Print the range of the clients' update norms in the first round (from zero weights)
    and late in training (from `trained_weights`)."""
    for label, start in [("first round", np.zeros_like(trained_weights)), ("late in training", trained_weights)]:
        norms = [np.linalg.norm(client_update(start, client, epochs, seed)) for client in clients]
        print(f"update norms, {label}: {min(norms):.1f} to {max(norms):.1f}")


def mean_accuracy(models, X, y) -> float:
    """Mean accuracy of several models on (X, y)."""
    return float(np.mean([accuracy(weights, X, y) for weights in models]))


def lowest_recall(weights, X, y) -> tuple[float, int]:
    """The lowest per-class recall on (X, y) and the class it belongs to."""
    predicted = np.argmax(X @ weights, axis=1)
    recall = [np.mean(predicted[y == label] == label) for label in range(N_CLASSES)]
    return float(min(recall)), int(np.argmin(recall))


def central_baseline(X_train, y_train, X_test, y_test, epochs, seed) -> tuple[float, float]:
    """Test accuracy of the same model trained centrally on the pooled data with SGD, and of
    scikit-learn's LogisticRegression as a check on the NumPy implementation."""
    weights = sgd(np.zeros((X_train.shape[1], N_CLASSES)), X_train, y_train, epochs, np.random.default_rng(seed))
    # LogisticRegression adds its own intercept, so it gets the pixels without the bias column.
    library = LogisticRegression(max_iter=2000).fit(X_train[:, :-1], y_train)
    return accuracy(weights, X_test, y_test), float(library.score(X_test[:, :-1], y_test))


def report(panels: dict[str, dict[str, np.ndarray]]) -> None:
    """Print the final accuracy and the range over the last ten rounds of every curve in
    `panels` ({title: {label: accuracy per round}}, the same shape `plot_curves` takes)."""
    for title, curves in panels.items():
        for label, curve in curves.items():
            last = curve[-10:]
            print(f"{label}, {title}: final {curve[-1]:.3f}, last 10 rounds {last.min():.3f} to {last.max():.3f}")


def report_drift(runs: dict, X, y) -> None:
    """For runs keyed by (split, local epochs): accuracy after 5 and after all rounds, and client
    drift in the last round: the accuracy of the model the server sent out against the mean
    accuracy of the client models that came back."""
    for (split, epochs), run in runs.items():
        curve = run.accuracy
        print(
            f"{split}, E = {epochs}: round 5 {curve[4]:.3f}, round {len(curve)} {curve[-1]:.3f}, "
            f"sent {curve[-2]:.3f}, returned {mean_accuracy(run.client_weights, X, y):.3f}"
        )


def report_class_mix(counts: np.ndarray) -> None:
    """Compare the class mix FedAvg trains on under size weights and equal weights with the pooled mix."""
    pooled = counts.sum(axis=0) / counts.sum()
    by_size = class_mix(counts, counts.sum(axis=1) / counts.sum())
    equal = class_mix(counts, np.full(len(counts), 1 / len(counts)))
    print(f"size weights reproduce the pooled mix: {np.allclose(by_size, pooled)}")
    print(f"pooled mix:        {np.round(pooled, 3)}")
    print(f"equal-weights mix: {np.round(equal, 3)} (largest gap {np.abs(equal - pooled).max():.3f})")


def class_mix(counts: np.ndarray, client_weights: np.ndarray) -> np.ndarray:
    """The class mix a weighted sum of client losses trains on: the weighted sum of the
    clients' class mixes (`counts` is clients x classes, `client_weights` sums to 1)."""
    return client_weights @ (counts / counts.sum(axis=1, keepdims=True))


def iid_split(n_examples: int, n_clients: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffle the rows and deal them out: every client sees about the same class mix."""
    return np.array_split(rng.permutation(n_examples), n_clients)


def dirichlet_split(labels, n_clients, alpha, rng, min_size=10) -> list[np.ndarray]:
    """Label-skewed split (Hsu et al., 2019): each class is shared among the clients in
    proportions drawn from Dirichlet(alpha), so a small alpha gives each client a few
    dominant classes. Redraws until every client holds at least `min_size` examples."""
    while True:
        parts = [[] for _ in range(n_clients)]
        for label in range(N_CLASSES):
            members = rng.permutation(np.flatnonzero(labels == label))
            shares = rng.dirichlet(alpha * np.ones(n_clients))
            cuts = (np.cumsum(shares)[:-1] * len(members)).astype(int)
            for client, chunk in enumerate(np.split(members, cuts)):
                parts[client].extend(chunk)
        if min(len(part) for part in parts) >= min_size:
            return [np.sort(np.array(part)) for part in parts]


def label_counts(labels: np.ndarray, parts: list[np.ndarray]) -> np.ndarray:
    """A clients x classes table of example counts."""
    return np.array([np.bincount(labels[part], minlength=N_CLASSES) for part in parts])


def describe_splits(labels: np.ndarray, splits: dict[str, list[np.ndarray]]) -> None:
    """Print, for each split, each client's number of examples and how many classes cover 90% of them."""
    for name, parts in splits.items():
        print(f"{name:8} examples per client:  {[len(part) for part in parts]}")
        print(f"{name:8} digits covering 90%: {[classes_for_share(c) for c in label_counts(labels, parts)]}")


def classes_for_share(counts: np.ndarray, share: float = 0.9) -> int:
    """How many of a client's classes it takes to cover `share` of its examples."""
    cumulative = np.sort(counts)[::-1].cumsum() / counts.sum()
    return int(np.searchsorted(cumulative, share) + 1)


def epsilon_without_sampling(noise_multiplier: float, rounds: int, delta: float = 1e-5) -> float:
    """Client-level epsilon of `rounds` Gaussian-mechanism rounds in which every client takes
    part (no sampling), from Renyi differential privacy (Mironov, 2017): one round costs
    alpha / (2 z^2), rounds add up, and epsilon = total + log(1 / delta) / (alpha - 1),
    minimized over alpha > 1. A teaching bound: for real claims use a tested accountant
    (Opacus, TensorFlow Privacy or Google's dp_accounting)."""
    alphas = 1 + np.logspace(-4, 4, 4000)
    return float(np.min(rounds * alphas / (2 * noise_multiplier**2) + np.log(1 / delta) / (alphas - 1)))


def plot_label_counts(tables: dict[str, np.ndarray]) -> None:
    """One heat map of a clients x digits count table per entry of `tables` ({title: table})."""
    largest = max(table.max() for table in tables.values())
    fig, axes = plt.subplots(1, len(tables), figsize=(4.5 * len(tables), 4), sharey=True)
    for ax, (title, table) in zip(axes, tables.items(), strict=True):
        image = ax.imshow(table, cmap="viridis", vmin=0, vmax=largest)
        ax.set(title=title, xlabel="digit", xticks=range(table.shape[1]), yticks=range(table.shape[0]))
    axes[0].set_ylabel("client")
    fig.colorbar(image, ax=axes, label="training images (count)", shrink=0.8)
    plt.show()


def plot_curves(panels: dict[str, dict[str, np.ndarray]], reference: float, ylim_top: float = 1.0) -> None:
    """Test accuracy per round: one panel per entry of `panels` ({title: {label: curve}}),
    with central training's accuracy as a dashed line. The y-axis starts at the lowest
    value shown, rounded down to a tenth, so no line is cut off."""
    curves = [curve for panel in panels.values() for curve in panel.values()]
    bottom = np.floor(min(curve.min() for curve in curves) * 10) / 10
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 4), sharey=True, squeeze=False)
    for ax, (title, panel) in zip(axes[0], panels.items(), strict=True):
        for label, curve in panel.items():
            ax.plot(np.arange(1, len(curve) + 1), curve, label=label)
        ax.axhline(reference, color="tab:gray", linestyle="--", label="central training")
        ax.set(title=title, xlabel="communication round", ylim=(bottom, ylim_top))
    axes[0, 0].set_ylabel("test accuracy")
    axes[0, 0].legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    plt.show()


def show_images(images: dict[str, np.ndarray], title: str) -> None:
    """8x8 digit images side by side ({caption: 64 pixels in [0, 1]})."""
    fig, axes = plt.subplots(1, len(images), figsize=(2.5 * len(images), 2.8))
    for ax, (caption, pixels) in zip(axes, images.items(), strict=True):
        ax.imshow(pixels.reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(caption, fontsize=10)
        ax.set(xticks=[], yticks=[])
    fig.suptitle(title)
    fig.tight_layout()
    plt.show()
