"""Helpers for the ONNX edge notebook (edge-onnx.ipynb): inspecting ONNX files,
running them with ONNX Runtime, timing single predictions and plotting the trade-offs.

The conversion and quantization steps themselves are written out in the notebook.
"""

from __future__ import annotations

import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import onnx
import onnxruntime as ort
import pandas as pd


def model_size(model) -> str:
    """What a fitted model has to store: the weights of an MLP pipeline, or the nodes of a forest."""
    if hasattr(model, "estimators_"):
        return f"{sum(tree.tree_.node_count for tree in model.estimators_):,} tree nodes"
    network = model[-1]
    return f"{sum(w.size for w in network.coefs_) + sum(b.size for b in network.intercepts_):,} weights"


def operators(path: Path) -> list[str]:
    """The distinct operator types in an ONNX file's graph."""
    return sorted({node.op_type for node in onnx.load(path).graph.node})


def onnx_session(path: Path) -> ort.InferenceSession:
    """An ONNX Runtime session on the CPU, limited to one thread, as an app on a device often is."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def onnx_labels(path: Path, X: np.ndarray) -> np.ndarray:
    """Predicted labels of an ONNX classifier converted with zipmap=False (outputs: label, probabilities)."""
    return onnx_session(path).run(None, {"X": X})[0]


def latency_microseconds(predict_one, rows: np.ndarray, repeats: int, warmup: int = 20) -> tuple[float, float]:
    """Median and 95th percentile of the time `predict_one` takes on one row, in microseconds.

    Warm-up calls come first (the first calls allocate memory and fill caches). Each timed
    call gets its own (1, n_features) row and is timed alone with time.perf_counter. The
    median and p95 resist the occasional slow call that an average would smear in."""
    for i in range(warmup):
        predict_one(rows[i % len(rows)][None, :])
    times = np.empty(repeats)
    for i in range(repeats):
        row = rows[i % len(rows)][None, :]
        start = time.perf_counter()
        predict_one(row)
        times[i] = time.perf_counter() - start
    return float(np.median(times) * 1e6), float(np.percentile(times, 95) * 1e6)


def plot_tradeoffs(results: pd.DataFrame) -> None:
    """Accuracy against file size (left) and single-row latency (right) for each model variant.
    `results` is indexed by (model, weights) with the columns the notebook builds."""
    labels = [f"{name}, {weights}" for name, weights in results.index]
    colors = ["tab:blue" if "MLP" in name else "tab:green" for name, _ in results.index]
    fig, (ax_size, ax_time) = plt.subplots(1, 2, figsize=(11, 4.5))
    for (size, acc), color, (_, weights), label in zip(
        results[["size (KB)", "accuracy"]].to_numpy(), colors, results.index, labels, strict=True
    ):
        ax_size.scatter(size, acc, color=color, marker="o" if weights == "float32" else "s", s=60)
        ax_size.annotate(label, (size, acc), textcoords="offset points", xytext=(6, 4), fontsize=8)
    ax_size.set_xscale("log")
    ax_size.set_xlim(right=results["size (KB)"].max() * 8)  # room for the labels
    ax_size.set(xlabel="ONNX file size (KB, log scale)", ylabel="test accuracy", title="Accuracy against size on disk")

    positions = np.arange(len(results))
    medians = results["median (µs)"].to_numpy()
    ax_time.barh(positions, medians, color=colors)
    ax_time.errorbar(
        medians,
        positions,
        xerr=[np.zeros_like(medians), results["p95 (µs)"].to_numpy() - medians],
        fmt="none",
        ecolor="black",
        capsize=3,
    )
    ax_time.set_yticks(positions, labels, fontsize=8)
    ax_time.invert_yaxis()
    ax_time.set(xlabel="single-row latency (µs): median, whisker to p95", title="ONNX Runtime, CPU, one thread")
    fig.tight_layout()
    plt.show()
