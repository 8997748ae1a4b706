"""Pairwise precision, recall and F1 of a clustering against the truth."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations


def pairs(assignment: dict[str, str]) -> set[tuple[str, str]]:
    groups = defaultdict(list)
    for record, cluster in assignment.items():
        groups[cluster].append(record)
    out = set()
    for members in groups.values():
        out.update(tuple(sorted(p)) for p in combinations(members, 2))
    return out


def scores(predicted: dict[str, str], truth: dict[str, str]) -> dict[str, float]:
    p, t = pairs(predicted), pairs(truth)
    tp = len(p & t)
    precision = tp / len(p) if p else 1.0
    recall = tp / len(t) if t else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "predicted_pairs": len(p), "true_pairs": len(t)}
