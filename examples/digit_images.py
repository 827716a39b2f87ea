"""Helpers for the notebooks that use scikit-learn's 8×8 handwritten digit images.

Plots (a grid of digit images, training curves, a confusion matrix) and broken
variants of digit images for testing anomaly detectors. Every function works on
images with any shape that reshapes to (n, 8, 8), with ink from 0 to ``max_ink``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.metrics import ConfusionMatrixDisplay


def show_digits(images, titles=None, title="", max_ink=16.0, columns=10):
    """Show digit images in a grid, dark = ink, with an optional title above each image."""
    images = np.asarray(images).reshape(-1, 8, 8)
    columns = min(columns, len(images))
    rows = -(-len(images) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(0.8 * columns, 0.95 * rows + 0.6), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for i, (ax, image) in enumerate(zip(axes.ravel(), images)):
        ax.imshow(image, cmap="gray_r", vmin=0, vmax=max_ink)
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    fig.suptitle(title)
    fig.tight_layout()
    plt.show()


def plot_training_curves(curves: pd.DataFrame, best_epoch: int, title: str) -> None:
    """Loss and accuracy per epoch for training and validation, from a Keras ``history.history`` frame."""
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
    for ax, metric, ylabel in [
        (axes[0], "loss", "cross-entropy loss"),
        (axes[1], "accuracy", "accuracy (share correct)"),
    ]:
        ax.plot(curves.index, curves[metric], "-", label="train")
        ax.plot(curves.index, curves[f"val_{metric}"], "--", label="validation")
        ax.axvline(best_epoch, color="tab:gray", linestyle=":", label=f"best epoch ({best_epoch})")
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel)
        ax.legend()
    axes[0].set_title("Loss")
    axes[1].set_ylim(0.8, 1.0)
    axes[1].set_title("Accuracy (axis starts at 0.8)")
    fig.suptitle(title)
    fig.tight_layout()
    plt.show()


def plot_confusion(y_true, y_pred, title: str) -> None:
    """Confusion matrix with true digits as rows and predicted digits as columns."""
    fig, ax = plt.subplots(figsize=(5, 4.5))
    ConfusionMatrixDisplay.from_predictions(y_true, y_pred, ax=ax, colorbar=False)
    ax.set(title=title, xlabel="predicted digit", ylabel="true digit")
    fig.tight_layout()
    plt.show()


def broken_variants(X: np.ndarray, rng: np.random.Generator, max_ink: float = 16.0) -> dict[str, np.ndarray]:
    """Kinds of broken input made from digit images X (rows of 64 pixels), each with X's shape.

    They imitate real faults: a dead sensor (noise), a flipped color map (inverted),
    a cropping bug (shifted), a weak scan (faint), interference (checkerboard),
    and a mirrored image, which for some digits is still a plausible digit.
    """
    images = X.reshape(-1, 8, 8)
    checkerboard = (np.indices((8, 8)).sum(axis=0) % 2) * max_ink / 2

    def rows(batch):
        return batch.reshape(len(X), -1)

    return {
        "random noise": rng.uniform(0, max_ink, size=X.shape),
        "inverted (16 - ink)": max_ink - X,
        "shifted 2 pixels right": rows(np.roll(images, 2, axis=2)),
        "faint (25% of the ink)": 0.25 * X,
        "digit + checkerboard": rows(np.clip(images + checkerboard, 0, max_ink)),
        "mirrored left-right": rows(images[:, :, ::-1]),
    }
