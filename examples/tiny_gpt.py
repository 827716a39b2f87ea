"""A character-level GPT small enough to read, train on a laptop CPU and serve: attention, a KV cache, sampling.

Used by tiny-gpt.ipynb (how the model works) and serve-small-lm.ipynb (how to
serve it cheaply). The text is the handbook's own pages,
``data/handbook-corpus.jsonl`` (made by scripts/snapshot_corpus.py, CC BY 4.0),
plus ``ml-engineering-notes.txt``. Every tensor shape below is written
(batch B, heads H, time T, channels C, head size D).
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

CORPUS = Path("data/handbook-corpus.jsonl")
NOTES = Path("ml-engineering-notes.txt")


def load_sections(corpus: str | Path = CORPUS, notes: str | Path = NOTES) -> list[str]:
    """The training text as a list of sections: one per handbook heading, then the notes' paragraphs."""
    sections = [json.loads(line)["text"] for line in Path(corpus).read_text(encoding="utf-8").splitlines() if line]
    raw = Path(notes).read_text(encoding="utf-8")
    body = "\n".join(line for line in raw.splitlines() if not line.startswith("#"))
    return sections + [paragraph.strip() for paragraph in body.split("\n\n") if paragraph.strip()]


class CharTokenizer:
    """Maps each character that occurs at least ``min_count`` times to an id; rarer ones become a space."""

    def __init__(self, text: str, min_count: int = 20) -> None:
        counts = Counter(text)
        self.chars = sorted(char for char, count in counts.items() if count >= min_count)
        if " " not in self.chars:
            raise ValueError("the text has too few spaces to use the space as the stand-in for rare characters")
        self.index = {char: i for i, char in enumerate(self.chars)}

    @property
    def vocab_size(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> list[int]:
        space = self.index[" "]
        return [self.index.get(char, space) for char in text]

    def decode(self, ids) -> str:
        return "".join(self.chars[int(i)] for i in ids)


def split_sections(sections: list[str], tokenizer: CharTokenizer, every: int = 10) -> tuple[torch.Tensor, torch.Tensor]:
    """Token ids for training and validation: every ``every``-th section is held out, whole, so no text leaks."""
    train, val = [], []
    for i, section in enumerate(sections):
        (val if i % every == 0 else train).extend(tokenizer.encode(section + "\n\n"))
    return torch.tensor(train), torch.tensor(val)


def causal_attention_step_by_step(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Scaled dot-product attention with a causal mask, one operation per line; returns (output, weights).

    q, k, v: (..., T, D). Position t may look at positions 0..t only.
    """
    d = q.shape[-1]
    scores = q @ k.transpose(-2, -1) / math.sqrt(d)  # (..., T, T): how well each query matches each key
    t = q.shape[-2]
    future = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)  # True above the diagonal
    scores = scores.masked_fill(future, float("-inf"))  # exp(-inf) = 0: no weight on the future
    weights = torch.softmax(scores, dim=-1)  # each row sums to 1
    return weights @ v, weights


class LayerCache:
    """Keys and values of one attention layer for the positions seen so far, in buffers allocated once."""

    def __init__(self, batch: int, heads: int, max_len: int, head_size: int, dtype: torch.dtype = torch.float32) -> None:
        self.k = torch.zeros(batch, heads, max_len, head_size, dtype=dtype)
        self.v = torch.zeros(batch, heads, max_len, head_size, dtype=dtype)
        self.length = 0

    def append(self, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Store the new positions' keys and values; return those of every position so far."""
        end = self.length + k.shape[2]
        if end > self.k.shape[2]:
            raise ValueError(f"the cache holds {self.k.shape[2]} positions; {end} were asked for")
        self.k[:, :, self.length : end] = k
        self.v[:, :, self.length : end] = v
        self.length = end
        return self.k[:, :, :end], self.v[:, :, :end]


class KVCache:
    """One LayerCache per block: what decoding one token at a time needs to avoid recomputing the past."""

    def __init__(self, config: GPTConfig, batch: int, max_len: int | None = None) -> None:
        max_len = max_len or config.block_size
        head_size = config.d_model // config.n_heads
        self.layers = [LayerCache(batch, config.n_heads, max_len, head_size) for _ in range(config.n_layers)]

    @property
    def length(self) -> int:
        return self.layers[0].length

    @property
    def nbytes(self) -> int:
        """Bytes allocated for keys and values (both buffers of every layer)."""
        return sum(layer.k.nbytes + layer.v.nbytes for layer in self.layers)


@dataclass(frozen=True)
class GPTConfig:
    vocab_size: int
    block_size: int = 64  # the most positions the model has embeddings for
    d_model: int = 64
    n_heads: int = 4
    n_layers: int = 4


class CausalSelfAttention(nn.Module):
    """Multi-head causal self-attention: H heads of size D = C / H, run side by side, then mixed by one projection."""

    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        if config.d_model % config.n_heads:
            raise ValueError(f"d_model {config.d_model} is not divisible by n_heads {config.n_heads}")
        self.n_heads = config.n_heads
        self.qkv = nn.Linear(config.d_model, 3 * config.d_model)
        self.proj = nn.Linear(config.d_model, config.d_model)

    def forward(self, x: torch.Tensor, cache: LayerCache | None = None) -> torch.Tensor:
        b, t, c = x.shape
        q, k, v = self.qkv(x).split(c, dim=2)
        # (B, T, C) -> (B, H, T, D): each head attends on its own slice of the channels
        q, k, v = (z.view(b, t, self.n_heads, c // self.n_heads).transpose(1, 2) for z in (q, k, v))
        past = 0
        if cache is not None:
            past = cache.length
            k, v = cache.append(k, v)  # now (B, H, past + T, D)
        if past == 0:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:  # new query i sits at position past + i and may see keys 0..past + i
            allowed = torch.ones(t, past + t, dtype=torch.bool).tril(diagonal=past)
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=allowed)
        return self.proj(y.transpose(1, 2).reshape(b, t, c))


class Block(nn.Module):
    """A pre-norm transformer block: x + attention(norm(x)), then x + MLP(norm(x))."""

    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(config.d_model)
        self.attn = CausalSelfAttention(config)
        self.norm2 = nn.LayerNorm(config.d_model)
        self.mlp = nn.Sequential(
            nn.Linear(config.d_model, 4 * config.d_model), nn.GELU(), nn.Linear(4 * config.d_model, config.d_model)
        )

    def forward(self, x: torch.Tensor, cache: LayerCache | None = None) -> torch.Tensor:
        x = x + self.attn(self.norm1(x), cache)
        return x + self.mlp(self.norm2(x))


class TinyGPT(nn.Module):
    """Token and position embeddings, a stack of pre-norm blocks, a final norm and a linear head to next-token logits."""

    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        self.config = config
        self.token_embedding = nn.Embedding(config.vocab_size, config.d_model)
        self.position_embedding = nn.Embedding(config.block_size, config.d_model)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.n_layers))
        self.norm = nn.LayerNorm(config.d_model)
        self.head = nn.Linear(config.d_model, config.vocab_size, bias=False)
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def forward(self, ids: torch.Tensor, cache: KVCache | None = None) -> torch.Tensor:
        """Logits (B, T, vocab) for ids (B, T); with a cache, ids are the positions after those already cached."""
        start = cache.length if cache is not None else 0
        t = ids.shape[1]
        if start + t > self.config.block_size:
            raise ValueError(f"{start + t} positions; the model has embeddings for {self.config.block_size}")
        positions = torch.arange(start, start + t)
        x = self.token_embedding(ids) + self.position_embedding(positions)
        for i, block in enumerate(self.blocks):
            x = block(x, cache.layers[i] if cache is not None else None)
        return self.head(self.norm(x))


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def batch_of_windows(ids: torch.Tensor, block: int, batch: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """BATCH random windows of BLOCK tokens and, for each position, the token that follows it."""
    starts = torch.randint(len(ids) - block - 1, (batch,), generator=generator)
    x = torch.stack([ids[s : s + block] for s in starts])
    y = torch.stack([ids[s + 1 : s + block + 1] for s in starts])
    return x, y


@torch.no_grad()
def mean_loss(model: nn.Module, ids: torch.Tensor, block: int, max_windows: int | None = None) -> float:
    """Mean next-token cross-entropy (nats per character) over consecutive, non-overlapping windows of IDS."""
    model.eval()
    n = (len(ids) - 1) // block
    if max_windows:
        n = min(n, max_windows)
    x = ids[: n * block].view(n, block)
    y = ids[1 : n * block + 1].view(n, block)
    total = 0.0
    for i in range(0, n, 64):
        logits = model(x[i : i + 64])
        total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y[i : i + 64].reshape(-1), reduction="sum").item()
    return total / (n * block)


def train(
    model: TinyGPT,
    train_ids: torch.Tensor,
    val_ids: torch.Tensor,
    steps: int = 600,
    batch: int = 32,
    lr: float = 6e-3,
    eval_every: int = 50,
    seed: int = 0,
) -> list[dict]:
    """AdamW with a short warm-up and a cosine decay; returns the loss history (nats per character)."""
    block = model.config.block_size
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.1, betas=(0.9, 0.95))
    warmup = max(1, steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda s: (s + 1) / warmup if s < warmup else 0.1 + 0.45 * (1 + math.cos(math.pi * (s - warmup) / (steps - warmup))),
    )
    history, recent = [], []
    for step in range(1, steps + 1):
        model.train()
        x, y = batch_of_windows(train_ids, block, batch, generator)
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        recent.append(loss.item())
        if step % eval_every == 0 or step == steps:
            history.append({"step": step, "train": sum(recent) / len(recent), "validation": mean_loss(model, val_ids, block, 48)})
            recent = []
    model.eval()
    return history


def train_tiny_gpt(steps: int = 600, seed: int = 0, config_overrides: dict | None = None, **train_options):
    """The model both notebooks use, trained from scratch: returns (model, tokenizer, train_ids, val_ids, history).

    ``train_options`` go to ``train`` (batch, lr, eval_every).
    """
    torch.manual_seed(seed)
    sections = load_sections()
    tokenizer = CharTokenizer("\n\n".join(sections))
    train_ids, val_ids = split_sections(sections, tokenizer)
    config = GPTConfig(vocab_size=tokenizer.vocab_size, **(config_overrides or {}))
    model = TinyGPT(config)
    history = train(model, train_ids, val_ids, steps=steps, seed=seed, **train_options)
    return model, tokenizer, train_ids, val_ids, history


@torch.no_grad()
def generate(
    model: TinyGPT,
    prompt: torch.Tensor,
    new_tokens: int,
    temperature: float = 1.0,
    generator: torch.Generator | None = None,
    use_cache: bool = True,
) -> torch.Tensor:
    """Sample NEW_TOKENS after PROMPT (B, T). With the cache, each step feeds one token; without, the whole window."""
    model.eval()
    ids = prompt
    block = model.config.block_size
    if use_cache:
        if prompt.shape[1] + new_tokens > block:
            raise ValueError(f"{prompt.shape[1] + new_tokens} positions do not fit the cache of {block}")
        cache = KVCache(model.config, prompt.shape[0])
        logits = model(prompt, cache)[:, -1]
    for i in range(new_tokens):
        if not use_cache:
            logits = model(ids[:, -block:])[:, -1]
        probabilities = torch.softmax(logits / temperature, dim=-1)
        next_id = torch.multinomial(probabilities, 1, generator=generator)
        ids = torch.cat([ids, next_id], dim=1)
        if use_cache and i < new_tokens - 1:
            logits = model(next_id, cache)[:, -1]
    return ids


@torch.no_grad()
def time_per_token(model: TinyGPT, new_tokens: int, use_cache: bool, batch: int = 1, seed: int = 0) -> list[float]:
    """Milliseconds spent on each generated token, greedy decoding from a one-token prompt."""
    model.eval()
    ids = torch.zeros(batch, 1, dtype=torch.long)
    cache = KVCache(model.config, batch) if use_cache else None
    feed = ids
    times = []
    for _ in range(new_tokens):
        started = time.perf_counter()
        logits = model(feed, cache) if use_cache else model(ids)
        next_id = logits[:, -1].argmax(dim=-1, keepdim=True)
        times.append((time.perf_counter() - started) * 1000)
        ids = torch.cat([ids, next_id], dim=1)
        feed = next_id
    return times
