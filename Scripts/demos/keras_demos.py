#!/usr/bin/env python3
"""The three course demos of the Transformer chapter (dendrite demo text-classifier, writer, sunspots),
trained in Keras 3 on the same data, split the same way, with the same models and settings, as the
reference for the numbers in docs/demos.md.

    KERAS_BACKEND=torch python3 Scripts/demos/keras_demos.py [text-classifier|writer|sunspots ...] [--seeds 0 1 2]

The data is read from the Swift sources Dendrite ships (Sources/DendriteCourse/Corpora/, written by
Scripts/datasets/make_course_corpora.py). Keras' TextVectorization needs TensorFlow, which is not installed
here, so its int-mode steps are written out below as Keras documents them (lowercase A-Z, strip ASCII
punctuation, whitespace or character split, vocabulary by frequency then by bytes high to low, 0 padding,
1 [UNK]); Dendrite's TextVectorization is checked against Keras' on real text by the text fixtures.
KerasHub's TokenAndPositionEmbedding and TransformerEncoder come from its wheel, as in
Scripts/fixtures/keras_layer_cases.py.
"""
import argparse
import collections
import os
import re
import string
import sys
import time
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Scripts" / "fixtures"))

import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

CORPORA = ROOT / "Sources" / "DendriteCourse" / "Corpora"


def swift_literal(file):
    text = (CORPORA / file).read_text(encoding="utf-8")
    return text.split('#"""\n', 1)[1].rsplit('\n"""#', 1)[0]


def standardize(text, strip_punctuation=True):
    text = re.sub(r"[A-Z]", lambda m: m.group(0).lower(), text)
    if strip_punctuation:
        text = re.sub("[" + re.escape(string.punctuation) + "]", "", text)
    return text


def vocabulary(token_lists, max_tokens=None):
    counts = collections.Counter(token for tokens in token_lists for token in tokens)
    ordered = sorted(counts, key=lambda t: (-counts[t], [-b for b in t.encode()]))
    ordered = ["", "[UNK]"] + ordered
    return ordered[:max_tokens] if max_tokens else ordered


def ids(tokens, index, length=None):
    row = [index.get(t, 1) for t in tokens]
    if length is not None:
        row = (row + [0] * length)[:length]
    return row


def text_classifier(seed):
    from keras_layer_cases import keras_hub_modeling
    hub = keras_hub_modeling()
    rows = [line.split("\t", 1) for line in swift_literal("PlaySpeechesData.swift").split("\n")]
    classes = ["hamlet", "twelfth-night"]
    texts, labels = [r[1] for r in rows], np.array([classes.index(r[0]) for r in rows])
    test = np.arange(len(texts)) % 5 == 4
    tokens = [standardize(t).split() for t in texts]
    vocab = vocabulary([t for t, held in zip(tokens, test) if not held], max_tokens=5000)
    index = {t: i for i, t in enumerate(vocab)}
    x = np.array([ids(t, index, 48) for t in tokens], dtype="int32")
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((48,), dtype="int32")
    h = hub.TokenAndPositionEmbedding(len(vocab), 48, 32)(inputs)
    h = hub.TransformerEncoder(64, 2, dropout=0.1)(h)
    h = keras.layers.GlobalAveragePooling1D()(h)
    model = keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(h))
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    started = time.time()
    model.fit(x[~test], labels[~test], epochs=12, batch_size=32, verbose=0)
    seconds = time.time() - started
    loss, accuracy = model.evaluate(x[test], labels[test], verbose=0)
    return {"test_accuracy": accuracy, "test_loss": loss, "seconds": seconds, "vocabulary": len(vocab)}


def writer(seed):
    text = swift_literal("HamletTextData.swift")
    characters = list(standardize(text, strip_punctuation=False))
    vocab = vocabulary([characters])
    index = {t: i for i, t in enumerate(vocab)}
    series = np.array(ids(characters, index), dtype="int32")
    starts = np.arange(0, len(series) - 32, 5)
    x = np.stack([series[s:s + 32] for s in starts])
    y = series[starts + 32]
    split = len(x) * 9 // 10
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((32,), dtype="int32"), keras.layers.Embedding(len(vocab), 24),
                              keras.layers.LSTM(64), keras.layers.Dense(len(vocab), activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    started = time.time()
    model.fit(x[:split], y[:split], epochs=8, batch_size=256, verbose=0)
    seconds = time.time() - started
    loss, accuracy = model.evaluate(x[split:], y[split:], verbose=0)
    return {"validation_loss": loss, "perplexity": float(np.exp(loss)), "validation_accuracy": accuracy,
            "seconds": seconds, "vocabulary": len(vocab), "windows": len(x)}


def sunspots(seed):
    rows = [line.split(",") for line in swift_literal("SunspotsData.swift").split("\n")]
    years = np.array([int(r[0]) for r in rows])
    activity = np.array([float(r[1]) for r in rows], dtype="float32")
    training = int((years < 1950).sum())
    mean, deviation = activity[:training].mean(), activity[:training].std()
    series = (activity - mean) / deviation
    x = np.stack([series[i:i + 12] for i in range(len(series) - 12)])[..., None]
    y = series[12:]
    split = training - 12
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((12, 1)), keras.layers.LSTM(32), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse", metrics=["mae"])
    started = time.time()
    model.fit(x[:split], y[:split], epochs=150, batch_size=16, verbose=0)
    seconds = time.time() - started
    forecast = model.predict(x[split:], verbose=0)[:, 0] * deviation + mean
    actual = activity[training:]
    return {"test_mae": float(np.abs(forecast - actual).mean()),
            "naive_mae": float(np.abs(activity[training - 1:-1] - actual).mean()), "seconds": seconds}


DEMOS = {"text-classifier": text_classifier, "writer": writer, "sunspots": sunspots}

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("demos", nargs="*", default=list(DEMOS))
    parser.add_argument("--seeds", nargs="*", type=int, default=[0])
    arguments = parser.parse_args()
    torch.set_num_threads(2)
    print(f"keras {keras.__version__}, torch {torch.__version__}")
    for name in arguments.demos:
        for seed in arguments.seeds:
            print(name, "seed", seed, {k: round(float(v), 4) for k, v in DEMOS[name](seed).items()}, flush=True)
