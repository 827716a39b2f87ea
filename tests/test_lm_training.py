"""examples/lm_training.py: the tokenizer and training helpers of the LoRA notebook (needs the PyTorch group)."""

from __future__ import annotations

import math
import sys

import pytest

from conftest import ROOT

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
pytest.importorskip("tokenizers")

sys.path.insert(0, str(ROOT / "examples"))
import lm_training  # noqa: E402

TEXTS = [
    "A model is only as good as the data it learns from.",
    "Split the data before you scale it, and keep the test set locked away.",
    "Measure the baseline first; then measure the model on data it has never seen.",
] * 5


@pytest.fixture(scope="module")
def tokenizer():
    return lm_training.train_byte_level_bpe(TEXTS, vocab_size=300, min_frequency=1)


def tiny_model(vocab_size: int):
    config = transformers.GPT2Config(vocab_size=vocab_size, n_positions=16, n_embd=16, n_layer=1, n_head=2)
    torch.manual_seed(0)
    return transformers.GPT2LMHeadModel(config)


def test_byte_level_bpe_round_trips_text_it_never_saw(tokenizer) -> None:
    text = "Naïve café ≠ 3×4 — 🙂"
    assert tokenizer.decode(tokenizer.encode(text).ids) == text


def test_encode_documents_ignores_padding_left_by_an_earlier_call(tokenizer) -> None:
    wrapped = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, eos_token=lm_training.END_OF_TEXT, pad_token=lm_training.END_OF_TEXT
    )
    before = lm_training.encode_documents(wrapped, TEXTS)
    wrapped(["short", "a much longer sentence than the first one"], padding=True)
    after = lm_training.encode_documents(wrapped, TEXTS)
    assert torch.equal(before, after)
    assert torch.equal(before, lm_training.encode_documents(tokenizer, TEXTS))
    assert int((before == tokenizer.token_to_id(lm_training.END_OF_TEXT)).sum()) == len(TEXTS)  # one separator per document


def test_a_model_with_zero_logits_has_perplexity_equal_to_the_vocabulary_size() -> None:
    model = tiny_model(50)
    with torch.no_grad():
        model.transformer.wte.weight.zero_()  # tied with the output layer: every logit is 0
    ids = torch.randint(0, 50, (200,), generator=torch.Generator().manual_seed(0))
    assert lm_training.perplexity(model, ids, block=16) == pytest.approx(50, rel=1e-5)
    assert lm_training.mean_loss(model, ids, block=16) == pytest.approx(math.log(50), rel=1e-6)


def test_adamw_keeps_two_states_per_trained_parameter() -> None:
    model = tiny_model(50)
    ids = torch.randint(0, 50, (400,), generator=torch.Generator().manual_seed(1))
    run = lm_training.train(model, ids, steps=2, lr=1e-3, batch_size=2, block=16)
    trainable, total = lm_training.count_parameters(model)
    assert trainable == total
    assert run.memory["gradients"] == 4 * trainable
    assert run.memory["optimizer state"] >= 2 * 4 * trainable
    assert run.memory["optimizer state"] <= 2 * 4 * trainable + 8 * len(list(model.parameters()))  # plus one step counter each


def test_training_is_deterministic_for_a_seed() -> None:
    ids = torch.randint(0, 50, (400,), generator=torch.Generator().manual_seed(2))
    first = lm_training.train(tiny_model(50), ids, steps=3, lr=1e-3, batch_size=2, block=16, seed=7)
    second = lm_training.train(tiny_model(50), ids, steps=3, lr=1e-3, batch_size=2, block=16, seed=7)
    assert first.losses == second.losses


def test_a_fresh_lora_adapter_does_not_change_the_model() -> None:
    peft = pytest.importorskip("peft")
    model = tiny_model(50).eval()
    ids = torch.randint(0, 50, (2, 16), generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        base_logits = model(input_ids=ids).logits
    config = peft.LoraConfig(r=4, lora_alpha=8, target_modules=["c_attn"], fan_in_fan_out=True, lora_dropout=0.0)
    adapted = peft.get_peft_model(model, config).eval()
    with torch.no_grad():
        assert torch.equal(adapted(input_ids=ids).logits, base_logits)  # B starts at zero
    trainable, _ = lm_training.count_parameters(adapted)
    assert trainable == 4 * 16 + 48 * 4  # lora_A (16 -> 4) and lora_B (4 -> 48) in the one block
