"""MinHash signatures against a plain-Python reading of their definition, and the compact LSH."""

from __future__ import annotations

import random

import numpy as np

from dossier.core import minhash
from dossier.core.lsh import LSH


def reference_signature(hashes: list[int]) -> list[int]:
    """One-permutation MinHash as the module's docstring states it, one bin at a time."""
    if not hashes:
        return [0] * minhash.BINS
    smallest: dict[int, int] = {}
    for h in hashes:
        b = h >> (64 - minhash.BIN_BITS)
        smallest[b] = min(smallest.get(b, h), h)
    values = []
    for b in range(minhash.BINS):
        for distance in range(minhash.BINS):
            source = (b + distance) % minhash.BINS
            if source in smallest:
                values.append((smallest[source] & 0xFFFFFFFF) ^ int(minhash._CARRIES[distance]))
                break
    return values


def random_text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(["alpha", "beta", "gamma", "delta", "Ωμέγα", "мир", "中美", "x1"]) for _ in range(n))


def test_signatures_follow_the_definition_for_short_and_long_texts():
    rng = random.Random(7)
    for n in (0, 1, 4, 5, 6, 30, 200, 3000):
        text = random_text(rng, n)
        hashes = minhash.shingle_hashes(text, minhash.MAX_WORDS)
        assert minhash.text_signature(text).tolist() == reference_signature(hashes.tolist())


def test_shingles_are_runs_of_five_words_in_any_case_or_punctuation():
    a = minhash.shingle_hashes("One two three four five six")
    b = minhash.shingle_hashes("ONE, two; three (four) five - six!")
    assert len(a) == 2 and a.tolist() == b.tolist()
    assert len(set(minhash.shingle_hashes("a b c d e a b c d e").tolist())) == 5  # (e a b c d) is new
    assert len(minhash.shingle_set("a b c d e a b c d e")) == 5


def test_signatures_survive_storage():
    sig = minhash.text_signature(random_text(random.Random(1), 100))
    assert minhash.from_bytes(minhash.to_bytes(sig)).tolist() == sig.tolist()


def test_lsh_finds_near_copies_across_sorted_runs_and_forgets_removed_ones():
    rng = random.Random(3)
    index = LSH()
    texts = {f"t{i}": random_text(rng, 300) for i in range(50)}
    for key, text in texts.items():
        assert index.insert(key, minhash.text_signature(text)) == []  # unrelated random texts
    assert len(index._runs) >= 1 and len(index) == 50
    copy = texts["t3"] + " and a line added at the end"
    assert "t3" in index.insert("copy", minhash.text_signature(copy))
    assert index.closest(minhash.text_signature(copy), ["t3", "t4", "nobody"], 0.2, 5)[0][1] == "t3"
    index.remove("t3")
    assert "t3" not in index
    assert index.insert("copy2", minhash.text_signature(copy)) == ["copy"]


def test_lsh_loaded_in_bulk_answers_like_one_built_text_by_text():
    rng = random.Random(5)
    texts = [random_text(rng, 120) for _ in range(20)]
    sigs = np.stack([minhash.text_signature(t) for t in texts])
    bulk = LSH()
    bulk.extend([f"t{i}" for i in range(20)], sigs)
    assert len(bulk) == 20 and bulk.closest(sigs[7], ["t6", "t7"], 0.9, 5) == [(1.0, "t7")]
    assert bulk.insert("again", sigs[7]) == ["t7"]


def test_many_signatures_at_once_are_each_text_alone():
    rng = random.Random(11)
    texts = [random_text(rng, n) for n in (0, 3, 300, 1, 5, 0, 4, 2500, 6, 40)]
    together = minhash.signatures(texts)
    for text, row in zip(texts, together):
        alone = minhash.text_signature(text)
        assert (
            row.tolist()
            == alone.tolist()
            == reference_signature(minhash.shingle_hashes(text, minhash.MAX_WORDS).tolist())
        )


def test_digests_tell_the_very_same_words_even_beyond_what_the_signature_reads():
    rng = random.Random(11)
    text = random_text(rng, 300)
    long = random_text(rng, minhash.MAX_WORDS + 50)
    longer = long + " one more sentence at the very end"
    (a, b, c, d, e, f, g), digests = minhash.sign(
        [text, "  " + text.upper() + " !", text + " extra", "", long, longer, " ".join(long.split()) + "."]
    )
    assert digests[0] == digests[1] != 0  # case, spacing and punctuation aside, the same words
    assert digests[2] != digests[0] and digests[3] == 0  # another word; no words at all
    assert (e == f).all() and digests[4] != digests[5]  # signed alike, told apart by the digest
    assert digests[6] == digests[4] != 0
    index = LSH()
    index.insert_many(["text", "long"], np.stack([a, e]), [digests[0], digests[4]])
    assert index.digest("text") == digests[0] and index.digest("long") == digests[4]
    index.extend(["loaded"], c[np.newaxis])
    assert index.digest("loaded") == 0  # loaded from storage: not known


def test_the_shingle_cache_keeps_the_latest_sets_within_its_budget():
    from types import SimpleNamespace

    from dossier.core.reprints import shingles
    from dossier.core.shingle_cache import ShingleCache

    rng = random.Random(3)
    articles = [SimpleNamespace(id=f"a{i}", text=random_text(rng, 200)) for i in range(4)]
    for article in articles:
        article.indexable_text = lambda text=article.text: text
    one = minhash.shingle_set(articles[0].text).nbytes
    cache = ShingleCache(shingles, budget=2 * one + one // 2)  # room for two sets of this size
    first = cache.shingles(articles[0])
    assert (first == minhash.shingle_set(articles[0].text)).all()
    assert cache.shingles(articles[0]) is first  # kept, not made again
    cache.shingles(articles[1])
    cache.shingles(articles[0])  # used again: now the newest
    cache.shingles(articles[2])  # a1, the oldest, makes room
    assert len(cache) == 2 and cache.shingles(articles[0]) is first
