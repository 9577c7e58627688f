"""The learned half of routing: a scikit-learn text classifier trained on confirmed routings.

Features are the folded words and word (syllable) pairs of the subject, counted three times, and
of the body, TF-IDF weighted; the classifier is a logistic regression, whose probabilities are
combined half and half with the rules' (:func:`pipeline.routing.route`). It is trained by
``congvan route train`` on the ledger's records whose routing a person set or confirmed
(``congvan route set``), and saved as ``CONGVAN_HOME/routing-model.pkl``.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from congvan.pipeline.core.files import write_whole
from congvan.pipeline.core.records import Record
from congvan.pipeline.core.vntext import fold

FORMAT = 1
MODEL_FILE = "routing-model.pkl"


def features(record: Record) -> str:
    subject = record.document.subject or ""
    return fold(f"{subject} {subject} {subject} {record.document.type or ''} {record.text[:6000]}").lower()


@dataclass
class RouteModel:
    pipeline: Any                     # sklearn Pipeline(TfidfVectorizer, LogisticRegression)
    units: tuple[str, ...]
    trained_on: int

    def probabilities(self, record: Record) -> dict[str, float]:
        probs = self.pipeline.predict_proba([features(record)])[0]
        return {str(u): float(p) for u, p in zip(self.pipeline.classes_, probs, strict=True)}

    def save(self, path: Path) -> None:
        write_whole(path, pickle.dumps({"format": FORMAT, "model": self}))

    @classmethod
    def load(cls, path: Path) -> RouteModel | None:
        """The saved model, or None when there is none (or it was saved by another format)."""
        if not path.exists():
            return None
        data = pickle.loads(path.read_bytes())     # our own file, written by save()
        model = data.get("model") if isinstance(data, dict) and data.get("format") == FORMAT else None
        return model if isinstance(model, cls) else None


def train(records: Sequence[Record], labels: Sequence[str]) -> RouteModel | None:
    """A model from records and their confirmed main units; None with fewer than two units."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    if len(set(labels)) < 2:
        return None
    pipe = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, token_pattern=r"\b\w+\b"),
                         LogisticRegression(max_iter=2000, C=4.0, class_weight="balanced"))
    pipe.fit([features(r) for r in records], list(labels))
    return RouteModel(pipe, tuple(sorted(set(labels))), len(labels))
