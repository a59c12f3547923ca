#!/usr/bin/env python3
"""Builds the seed corpora of the fuzz targets from the repository's testdata.

    python3 fuzz/seeds.py OUT_DIR      # writes OUT_DIR/{admission,lint,formula,patch}/
"""
import hashlib
import json
import os
import sys

import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TESTDATA = os.path.join(ROOT, "testdata")


def files(ext):
    for base, dirs, names in os.walk(TESTDATA):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(ext):
                yield os.path.join(base, name)


def write(out, kind, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(out, kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def yaml_documents(path):
    try:
        with open(path, "rb") as f:
            return [d for d in yaml.safe_load_all(f) if isinstance(d, dict)]
    except Exception:
        return []  # fixtures of syntax errors


def walk(value):
    yield value
    if isinstance(value, dict):
        for v in value.values():
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)


def main(out):
    objects = []
    for path in files(".json"):
        with open(path, "rb") as f:
            raw = f.read()
        write(out, "lint", raw)
        if path.endswith(".expected.json"):
            continue
        write(out, "admission", raw)
        try:
            doc = json.loads(raw)
        except ValueError:
            continue
        obj = doc.get("request", {}).get("object") if isinstance(doc, dict) else None
        objects.append(obj if isinstance(obj, dict) else doc)
    for ext in (".yaml", ".yml"):
        for path in files(ext):
            with open(path, "rb") as f:
                write(out, "lint", f.read())
            objects += yaml_documents(path)

    formulas = set()
    for obj in objects:
        if not isinstance(obj, dict):
            continue
        text = json.dumps(obj, separators=(",", ":"), default=str)
        write(out, "patch", text)
        if obj.get("apiVersion", "").startswith("keda.sh/"):
            write(out, "admission", text)  # wrapped into a review by the target
        for v in walk(obj):
            if isinstance(v, dict) and isinstance(v.get("formula"), str):
                formulas.add(v["formula"])
    # Some shapes the testdata lacks.
    formulas |= {
        "rps / 100", "queue_depth ?? 0", "float(rps) > 10 ? 2 : 1", "max([rps, kafka_lag]) * 2",
        "let x = rps; x + 1", "all([rps, a], {# > 1}) ? 5 : 1", "count([a, b], # > 0) + 0.5",
        "rps in 1..10 ? a : b", "not (rps > 1) || a matches \"^x\"", "(rps + a) ** 2 % 3", "[1, 2][0] + rps",
        "{\"k\": rps}.k", "rps?.x ?? 1", "0x1F + 1_000 + 1e3 + .5",
    }
    for f in formulas:
        write(out, "formula", f)
    pairs = [([1, 2, 3], [1]), ({"a": 1}, {"a": [1, {"b": None}]}), ({"a/b": 1, "~": 2}, {"a/b": 3}), ([], {"x": 1})]
    for a, b in pairs:
        write(out, "patch", json.dumps([a, b]))
    for kind in ("admission", "lint", "formula", "patch"):
        print(f"{kind}: {len(os.listdir(os.path.join(out, kind)))} seeds")


if __name__ == "__main__":
    main(sys.argv[1])
