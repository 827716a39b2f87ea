"""examples/tiny_gpt.py: the attention, the KV cache and the sampling that tiny-gpt.ipynb and serve-small-lm.ipynb rely on.

Small random models only (no training), so the whole module runs in a couple of seconds.
"""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

torch = pytest.importorskip("torch")
F = torch.nn.functional

sys.path.insert(0, str(ROOT / "examples"))
import tiny_gpt as tg  # noqa: E402

CONFIG = tg.GPTConfig(vocab_size=11, block_size=24, d_model=16, n_heads=4, n_layers=2)


@pytest.fixture
def model() -> tg.TinyGPT:
    torch.manual_seed(0)
    return tg.TinyGPT(CONFIG).eval()


def test_step_by_step_attention_matches_pytorch_causal_kernel() -> None:
    torch.manual_seed(0)
    q, k, v = (torch.randn(2, 3, 7, 5) for _ in range(3))
    output, weights = tg.causal_attention_step_by_step(q, k, v)
    torch.testing.assert_close(output, F.scaled_dot_product_attention(q, k, v, is_causal=True))
    torch.testing.assert_close(weights.sum(-1), torch.ones(2, 3, 7))
    assert (weights.triu(diagonal=1) == 0).all(), "a position gave weight to a later position"


def test_changing_a_later_token_never_changes_earlier_logits(model: tg.TinyGPT) -> None:
    ids = torch.randint(0, CONFIG.vocab_size, (1, 12))
    changed = ids.clone()
    changed[0, 8] = (ids[0, 8] + 1) % CONFIG.vocab_size
    with torch.no_grad():
        before, after = model(ids), model(changed)
    torch.testing.assert_close(before[:, :8], after[:, :8])
    assert not torch.allclose(before[:, 8:], after[:, 8:])


@pytest.mark.parametrize("prompt_length", [1, 5])
def test_kv_cache_decoding_gives_the_same_logits_as_recomputing(model: tg.TinyGPT, prompt_length: int) -> None:
    ids = torch.randint(0, CONFIG.vocab_size, (2, CONFIG.block_size))
    with torch.no_grad():
        full = model(ids)
        cache = tg.KVCache(CONFIG, batch=2)
        steps = [model(ids[:, :prompt_length], cache)]
        steps += [model(ids[:, t : t + 1], cache) for t in range(prompt_length, CONFIG.block_size)]
    torch.testing.assert_close(torch.cat(steps, dim=1), full, atol=1e-5, rtol=1e-4)
    assert cache.length == CONFIG.block_size


def test_a_chunk_after_a_cached_prefix_sees_only_its_past(model: tg.TinyGPT) -> None:
    ids = torch.randint(0, CONFIG.vocab_size, (1, 16))
    with torch.no_grad():
        full = model(ids)
        cache = tg.KVCache(CONFIG, batch=1)
        first, second = model(ids[:, :6], cache), model(ids[:, 6:], cache)  # the second chunk needs the offset mask
    torch.testing.assert_close(torch.cat([first, second], dim=1), full, atol=1e-5, rtol=1e-4)


def test_cached_and_recomputed_generation_sample_the_same_text(model: tg.TinyGPT) -> None:
    prompt = torch.tensor([[1, 2, 3]])
    samples = [
        tg.generate(model, prompt, 15, 1.0, torch.Generator().manual_seed(3), use_cache=use_cache) for use_cache in (True, False)
    ]
    assert samples[0].shape == (1, 18)
    assert torch.equal(samples[0], samples[1])


def test_the_cache_refuses_more_positions_than_it_holds(model: tg.TinyGPT) -> None:
    cache = tg.KVCache(CONFIG, batch=1, max_len=4)
    with pytest.raises(ValueError, match="holds 4 positions"), torch.no_grad():
        model(torch.zeros(1, 5, dtype=torch.long), cache)


def test_kv_cache_bytes_follow_the_formula() -> None:
    cache = tg.KVCache(CONFIG, batch=3)
    head_size = CONFIG.d_model // CONFIG.n_heads
    assert cache.nbytes == 2 * CONFIG.n_layers * 3 * CONFIG.n_heads * CONFIG.block_size * head_size * 4


def test_the_tokenizer_round_trips_and_maps_rare_characters_to_a_space() -> None:
    tokenizer = tg.CharTokenizer("ab ab ab é", min_count=2)
    assert tokenizer.chars == [" ", "a", "b"]
    assert tokenizer.decode(tokenizer.encode("ba ab")) == "ba ab"
    assert tokenizer.decode(tokenizer.encode("aéb")) == "a b"


def test_validation_holds_out_whole_sections() -> None:
    sections = ["aaaa", "bbbb", "cccc", "dddd"]
    tokenizer = tg.CharTokenizer("".join(sections) + "\n\n ", min_count=1)
    train, val = tg.split_sections(sections, tokenizer, every=2)
    assert tokenizer.decode(val) == "aaaa\n\ncccc\n\n"
    assert tokenizer.decode(train) == "bbbb\n\ndddd\n\n"
