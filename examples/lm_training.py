"""Train and measure small causal language models on the handbook's own text.

Written for The ML Engineer Handbook (CC BY 4.0) and used by
hf-tokenizer-lora.ipynb. The text is ``data/handbook-corpus.jsonl`` (the
handbook's pages, one JSON object per section, made by
scripts/snapshot_corpus.py) and ``ml-engineering-notes.txt``. Everything here
works with any Hugging Face causal language model (``model(input_ids=...,
labels=...)`` returns the loss) and with a ``tokenizers.Tokenizer``, so the
same code runs on a from-scratch GPT-2 or on a pretrained model.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

END_OF_TEXT = "<|endoftext|>"  # GPT-2's document separator, reused as padding


def load_sections(path: str | Path = "data/handbook-corpus.jsonl") -> list[dict]:
    """The handbook's sections, each with a ``part`` added: the folder of its page ("careers", "skills", ...)."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        row["part"] = row["page"].split("/")[0] if "/" in row["page"] else "home"
    return rows


def load_notes(path: str | Path = "ml-engineering-notes.txt") -> list[str]:
    """The paragraphs of the notes file, header lines (starting with "#") removed."""
    body = "\n".join(line for line in Path(path).read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return [paragraph.strip() for paragraph in body.split("\n\n") if paragraph.strip()]


def train_byte_level_bpe(texts: list[str], vocab_size: int, min_frequency: int = 2) -> Tokenizer:
    """A byte-level BPE tokenizer, the GPT-2 kind, trained on TEXTS.

    It starts from the 256 byte values, so it can encode any string and
    decode it back exactly; merges of frequent neighbors fill the rest of
    VOCAB_SIZE. ``END_OF_TEXT`` is token 0.
    """
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=min_frequency,
        special_tokens=[END_OF_TEXT],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    return tokenizer


def encode_documents(tokenizer, texts: list[str]) -> torch.Tensor:
    """All TEXTS as one 1-D tensor of token ids, each document followed by the end-of-text token.

    TOKENIZER is a ``tokenizers.Tokenizer`` or a ``transformers`` fast
    tokenizer. The latter is called with ``padding=False``: a fast tokenizer
    keeps the padding setting of its last call, and an earlier
    ``padding=True`` call would otherwise pad every document to the longest.
    """
    if hasattr(tokenizer, "backend_tokenizer"):
        end = tokenizer.convert_tokens_to_ids(END_OF_TEXT)
        encoded = tokenizer(texts, add_special_tokens=False, padding=False, truncation=False)["input_ids"]
    else:
        end = tokenizer.token_to_id(END_OF_TEXT)
        encoded = [encoding.ids for encoding in tokenizer.encode_batch(texts, add_special_tokens=False)]
    ids: list[int] = []
    for document in encoded:
        ids.extend(document)
        ids.append(end)
    return torch.tensor(ids, dtype=torch.long)


def random_batch(ids: torch.Tensor, batch_size: int, block: int, generator: torch.Generator) -> torch.Tensor:
    """BATCH_SIZE windows of BLOCK consecutive tokens from IDS, at random offsets drawn from GENERATOR."""
    starts = torch.randint(0, len(ids) - block, (batch_size,), generator=generator)
    return torch.stack([ids[start : start + block] for start in starts.tolist()])


@torch.no_grad()
def mean_loss(model, ids: torch.Tensor, block: int, batch_size: int = 32) -> float:
    """Mean next-token cross-entropy (nats per token) of MODEL over IDS, cut into non-overlapping BLOCK windows.

    Deterministic: every window is scored once, so two calls give the same
    number. ``math.exp`` of it is the perplexity.
    """
    was_training = model.training
    model.eval()
    n_windows = (len(ids) - 1) // block
    windows = ids[: n_windows * block].view(n_windows, block)
    total, count = 0.0, 0
    for start in range(0, n_windows, batch_size):
        batch = windows[start : start + batch_size]
        logits = model(input_ids=batch).logits[:, :-1]
        targets = batch[:, 1:]
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1), reduction="sum")
        total += loss.item()
        count += targets.numel()
    model.train(was_training)
    return total / count


def perplexity(model, ids: torch.Tensor, block: int) -> float:
    """exp of ``mean_loss``: the number of tokens the model is, on average, as unsure as a uniform choice among."""
    return math.exp(mean_loss(model, ids, block))


def training_state_bytes(model, optimizer: torch.optim.Optimizer) -> dict[str, int]:
    """Bytes held by the weights, their gradients and the optimizer's state, counted from the live tensors.

    Call it after at least one optimizer step (Adam creates its state lazily).
    Activations are not included: they depend on batch size and sequence
    length, not on how many parameters are trained.
    """
    weights = sum(p.numel() * p.element_size() for p in model.parameters())
    grads = sum(p.grad.numel() * p.grad.element_size() for p in model.parameters() if p.grad is not None)
    state = sum(
        value.numel() * value.element_size()
        for per_param in optimizer.state.values()
        for value in per_param.values()
        if torch.is_tensor(value)
    )
    return {"weights": weights, "gradients": grads, "optimizer state": state, "total": weights + grads + state}


def count_parameters(model) -> tuple[int, int]:
    """(trainable, total) parameter counts; tied weights are counted once."""
    unique = {id(p): p for p in model.parameters()}.values()
    return sum(p.numel() for p in unique if p.requires_grad), sum(p.numel() for p in unique)


@dataclass
class TrainingRun:
    """What ``train`` measured: loss per step, validation loss at checkpoints, time and training-state memory."""

    losses: list[float] = field(default_factory=list)
    eval_steps: list[int] = field(default_factory=list)
    eval_losses: list[float] = field(default_factory=list)
    seconds: float = 0.0
    memory: dict[str, int] = field(default_factory=dict)

    @property
    def seconds_per_step(self) -> float:
        return self.seconds / max(1, len(self.losses))


def train(
    model,
    ids: torch.Tensor,
    steps: int,
    lr: float,
    batch_size: int = 16,
    block: int = 64,
    seed: int = 0,
    eval_ids: torch.Tensor | None = None,
    eval_every: int = 50,
    weight_decay: float = 0.01,
) -> TrainingRun:
    """Train MODEL's trainable parameters on random windows of IDS with AdamW for STEPS steps.

    The learning rate warms up linearly over the first 10% of steps, then
    follows a cosine down to a tenth of LR. With EVAL_IDS, the validation
    loss is measured before training and every EVAL_EVERY steps (that time is
    not counted in ``seconds``).
    """
    generator = torch.Generator().manual_seed(seed)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=lr, weight_decay=weight_decay)
    warmup = max(1, steps // 10)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        progress = (step - warmup) / max(1, steps - warmup)
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    run = TrainingRun()
    if eval_ids is not None:
        run.eval_steps.append(0)
        run.eval_losses.append(mean_loss(model, eval_ids, block))
    model.train()
    for step in range(1, steps + 1):
        started = time.perf_counter()
        batch = random_batch(ids, batch_size, block, generator)
        loss = model(input_ids=batch, labels=batch).loss  # the model shifts the labels by one itself
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        scheduler.step()
        if step == 1:
            run.memory = training_state_bytes(model, optimizer)  # gradients and Adam state exist now
        optimizer.zero_grad(set_to_none=True)
        run.seconds += time.perf_counter() - started
        run.losses.append(loss.item())
        if eval_ids is not None and (step % eval_every == 0 or step == steps):
            run.eval_steps.append(step)
            run.eval_losses.append(mean_loss(model, eval_ids, block))
    model.eval()
    return run
