#!/usr/bin/env python3
"""Peer baselines for the `stance` side-by-side benchmark.

Two well-known text classifiers run on the same sentence records as `stance`:

* ``sklearn``  - TfidfVectorizer (word 1-2 grams) + LogisticRegression, C and class weighting
  tuned on dev;
* ``fasttext`` - fastText supervised (wordNgrams 2, fixed seed, one thread), learning rate
  tuned on dev.

Both see the sentence with the source and target mentions replaced by the marker tokens
``ssrc`` / ``ttgt`` (when the mentions can be found), plus a few cheap extra tokens: the words
between the two mentions (prefixed with their order), found/missing flags, and the record's
``context`` sentence (prefixed ``c_``).

Subcommands (see README.md):

    peers.py accuracy --train A.jsonl --dev B.jsonl --test C.jsonl --label stance|sentiment [--five-class]
    peers.py speed --train A.jsonl --text sentences.txt

Each prints one JSON line per peer on stdout; progress goes to stderr.
"""

import os

# One thread everywhere, before numpy/scipy/sklearn are imported: the benchmark machine has two
# shared cores, the speed numbers are single-core by definition, and it keeps runs deterministic.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import functools
import json
import re
import resource
import subprocess
import sys
import tempfile
import time

SEED = 0
STANCES = ("supportive", "accusatory", "neutral")
SENTIMENTS = ("positive", "negative", "neutral")
POSITIVE = frozenset(("supportive", "positive"))
NEGATIVE = frozenset(("accusatory", "negative"))
SRC_MARK = "ssrc"
TGT_MARK = "ttgt"
MAX_BETWEEN = 20
DIRECTED_ID = re.compile(r"^(?P<base>.+)-(?P<dir>pq|qp)$")
DIRECTED_TAG = re.compile(r"^directed:(?P<k>[0-4])$")
TOKEN_RE = re.compile(r"\w+|[^\w\s]")

# Small grids: the peers are baselines, not a search.
SK_C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
SK_CLASS_WEIGHTS = (None, "balanced")
# (epoch, lr): lr at the usual 25 epochs, then more epochs at the smallest lr. On directed pairs
# (the same sentence twice, only the marker positions differ) fastText underfits at 25 epochs:
# directed_sentiment_news valid macro-F1 was 0.62 at 25, 0.69 at 50 and 0.73 at 100 epochs.
FT_GRID = ((25, 0.1), (25, 0.3), (25, 1.0), (50, 0.1), (100, 0.1))
FT_LR_GRID = (0.1, 0.3, 1.0)
FT_EPOCH = 25
FT_DIM = 50
FT_BUCKET = 200_000
FT_WORD_NGRAMS = 2


class InputError(Exception):
    """Bad input; the message names the file and line."""


def log(msg):
    print(f"[peers] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Input


def _check_span(path, lineno, rec, key):
    span = rec.get(key)
    if span is None:
        return None
    if (
        not isinstance(span, list)
        or len(span) != 2
        or not all(isinstance(x, int) and not isinstance(x, bool) for x in span)
    ):
        raise InputError(f"{path}:{lineno}: `{key}` must be [start, end] integers, got {span!r}")
    # Spans are byte offsets into the UTF-8 text (stance's record format); Python slices characters.
    start, end = span
    raw = rec["text"].encode("utf-8")
    if not 0 <= start < end <= len(raw):
        raise InputError(
            f"{path}:{lineno}: `{key}` {span} is outside the text ({len(raw)} bytes)"
        )
    try:
        return (len(raw[:start].decode("utf-8")), len(raw[:end].decode("utf-8")))
    except UnicodeDecodeError:
        raise InputError(f"{path}:{lineno}: `{key}` {span} does not fall on character boundaries") from None


def read_records(path, label):
    """Reads a JSON Lines file of sentence records; `label` names the field that must be valid.

    Spans are taken as character offsets into `text`, end exclusive.
    """
    records = []
    seen = {}
    try:
        fh = open(path, "rb")
    except OSError as e:
        raise InputError(f"{path}: cannot open: {e.strerror}") from None
    with fh:
        for lineno, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise InputError(f"{path}:{lineno}: not UTF-8 (byte {e.start + 1}): {e.reason}") from None
            if not line.strip():
                continue
            try:
                rec = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as e:
                raise InputError(f"{path}:{lineno}: invalid JSON: {e.msg} (column {e.colno})")
            if not isinstance(rec, dict):
                raise InputError(f"{path}:{lineno}: expected a JSON object")
            for key in ("id", "text", "source", "target"):
                if not isinstance(rec.get(key), str):
                    raise InputError(f"{path}:{lineno}: missing or non-string `{key}`")
            if not rec["text"].strip():
                raise InputError(f"{path}:{lineno}: empty `text`")
            if rec["id"] in seen:
                raise InputError(f"{path}:{lineno}: duplicate id {rec['id']!r} (first on line {seen[rec['id']]})")
            seen[rec["id"]] = lineno
            for key, allowed in (("stance", STANCES), ("sentiment", SENTIMENTS)):
                value = rec.get(key)
                if value is None and key != label:
                    continue
                if value not in allowed:
                    raise InputError(
                        f"{path}:{lineno}: `{key}` must be one of {'|'.join(allowed)}, got {value!r}"
                    )
            tags = rec.get("tags", [])
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                raise InputError(f"{path}:{lineno}: `tags` must be a list of strings")
            context = rec.get("context")
            if context is not None and not isinstance(context, str):
                raise InputError(f"{path}:{lineno}: `context` must be a string")
            records.append(
                {
                    "id": rec["id"],
                    "text": rec["text"],
                    "source": rec["source"],
                    "target": rec["target"],
                    "label": rec[label],
                    "tags": tags,
                    "context": context,
                    "source_span": _check_span(path, lineno, rec, "source_span"),
                    "target_span": _check_span(path, lineno, rec, "target_span"),
                }
            )
    if not records:
        raise InputError(f"{path}: no records")
    return records


def read_gazetteer(path):
    """Reads a `stance` gazetteer: {"format": 1, "actors": [...], "non_actors": [...]} or the
    plain {"Name": ["form", ...]} object. Returns (forms by actor name, non-actor forms)."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as e:
        raise InputError(f"{path}: cannot open: {e.strerror}") from None
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: invalid JSON: {e.msg}") from None
    forms = {}
    non_actors = []
    if isinstance(data, dict) and "actors" in data:
        for i, actor in enumerate(data["actors"]):
            if not isinstance(actor, dict) or not isinstance(actor.get("name"), str):
                raise InputError(f"{path}: actors[{i}] has no string `name`")
            fs = [actor["name"], *actor.get("forms", [])]
            for person in actor.get("people", []):
                fs.append(person.get("name", ""))
                fs.extend(person.get("forms", []))
            forms.setdefault(actor["name"], set()).update(f for f in fs if f)
        non_actors = [f for f in data.get("non_actors", []) if f]
    elif isinstance(data, dict):
        for name, fs in data.items():
            if not isinstance(fs, list):
                raise InputError(f"{path}: forms of {name!r} must be a list")
            forms.setdefault(name, set()).update([name, *[f for f in fs if f]])
    else:
        raise InputError(f"{path}: expected a JSON object")
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in forms.items()}, tuple(non_actors)


# --------------------------------------------------------------------------------------------
# Marker substitution and documents


def _literal_regex(strings, flags=0):
    """A regex matching any of `strings` on word boundaries, leftmost-longest, built as a
    character trie so that thousands of forms stay fast in Python's `re`."""
    trie = {}
    for s in strings:
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node):
        end = node.get("") is True
        kids = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not kids:
            return ""
        body = kids[0] if len(kids) == 1 else "(?:" + "|".join(kids) + ")"
        # Greedy `?`: the longer form is tried first, the shorter one on backtracking.
        return f"(?:{body})?" if end else body

    return re.compile(r"(?<!\w)" + emit(trie) + r"(?!\w)", flags)


class Preprocessor:
    """Turns a record into the two token strings both peers see.

    Mentions: the record's span when given; otherwise the source/target strings themselves and,
    with a gazetteer, every surface form of the actor that string names (case-sensitive, on word
    boundaries, leftmost-longest, gazetteer non-actors shadowing, as `stance` matches them); if
    nothing matches case-sensitively, the literal string is tried case-insensitively.
    """

    def __init__(self, gazetteer=None):
        forms, non_actors = gazetteer if gazetteer else ({}, ())
        # One matcher over every form of the gazetteer (as `stance` has one automaton): a form of
        # a third actor or a non-actor ("Mexico City") shadows a shorter form inside it.
        self.owners = {}
        for name, fs in forms.items():
            for f in fs:
                self.owners.setdefault(f, set()).add(name)
        for f in non_actors:
            self.owners.setdefault(f, set())
        self.gaz_re = _literal_regex(self.owners) if self.owners else None

    @staticmethod
    @functools.lru_cache(maxsize=65536)
    def _literal(source, target, ignore_case):
        forms = {}
        for tag, f in (("s", source), ("t", target)):
            if f.strip():
                forms.setdefault(f.lower() if ignore_case else f, tag)
        return (_literal_regex(forms, re.IGNORECASE if ignore_case else 0), forms) if forms else (None, {})

    def _find(self, text, source, target, ignore_case):
        """(start, end, tag) of every match naming the source ('s') or the target ('t')."""
        out = []
        if self.gaz_re is not None and not ignore_case:
            for m in self.gaz_re.finditer(text):
                names = self.owners.get(m.group(0), ())
                if source in names:
                    out.append((m.start(), m.end(), "s"))
                elif target in names:
                    out.append((m.start(), m.end(), "t"))
        pat, forms = self._literal(source, target, ignore_case)
        if pat is not None:
            for m in pat.finditer(text):
                s = m.group(0)
                out.append((m.start(), m.end(), forms[s.lower() if ignore_case else s]))
        return out

    def mentions(self, rec):
        """Non-overlapping (start, end, 's'|'t') intervals, sorted."""
        text = rec["text"]
        given = []
        if rec.get("source_span"):
            given.append((*rec["source_span"], "s"))
        if rec.get("target_span"):
            given.append((*rec["target_span"], "t"))
        need = {"s", "t"} - {g[2] for g in given}
        found = []
        if need:
            found = [m for m in self._find(text, rec["source"], rec["target"], False) if m[2] in need]
            missing = need - {m[2] for m in found}
            if missing:
                found += [
                    m
                    for m in self._find(text, rec["source"], rec["target"], True)
                    if m[2] in missing
                ]
        chosen = sorted(given)
        for m in sorted(found, key=lambda m: (m[0], -(m[1] - m[0]))):
            if all(m[1] <= c[0] or m[0] >= c[1] for c in chosen):
                chosen.append(m)
        chosen.sort()
        return chosen

    @staticmethod
    def _tokens(text, spans):
        pieces = []
        pos = 0
        for start, end, tag in spans:
            pieces.append(text[pos:start])
            pieces.append(f" {SRC_MARK if tag == 's' else TGT_MARK} ")
            pos = end
        pieces.append(text[pos:])
        return TOKEN_RE.findall("".join(pieces).lower())

    def docs(self, rec):
        """(main, extra): the marker-substituted sentence, and extra unigram tokens."""
        spans = self.mentions(rec)
        toks = self._tokens(rec["text"], spans)
        extra = []
        src_pos = [i for i, t in enumerate(toks) if t == SRC_MARK]
        tgt_pos = [i for i, t in enumerate(toks) if t == TGT_MARK]
        extra.append("_src_found" if src_pos else "_src_missing")
        extra.append("_tgt_found" if tgt_pos else "_tgt_missing")
        if src_pos and tgt_pos:
            i, j = min(((i, j) for i in src_pos for j in tgt_pos), key=lambda p: abs(p[0] - p[1]))
            prefix = "st_" if i < j else "ts_"
            extra.append("_order_" + prefix[:2])
            lo, hi = min(i, j), max(i, j)
            gap = hi - lo - 1
            extra.append("_gap_" + ("0" if gap == 0 else "1-3" if gap <= 3 else "4-10" if gap <= 10 else "11+"))
            extra.extend(prefix + t for t in toks[lo + 1 : hi][:MAX_BETWEEN])
        if rec.get("context"):
            crec = dict(rec, text=rec["context"], source_span=None, target_span=None)
            extra.extend("c_" + t for t in self._tokens(rec["context"], self.mentions(crec)))
        return " ".join(toks), " ".join(extra)

    @staticmethod
    def plain_docs(text):
        """Documents for a bare sentence (speed test): no actors to mark."""
        return " ".join(TOKEN_RE.findall(text.lower())), "_src_missing _tgt_missing"


# --------------------------------------------------------------------------------------------
# Peers


class SklearnPeer:
    name = "sklearn-tfidf-lr"

    def __init__(self, C=1.0, class_weight=None):
        self.C = C
        self.class_weight = class_weight

    def params(self):
        return {"C": self.C, "class_weight": self.class_weight, "ngram_range": [1, 2]}

    def fit(self, docs, labels):
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        import numpy as np

        common = dict(token_pattern=r"\S+", lowercase=False, sublinear_tf=True, dtype=np.float32)
        self.v_main = TfidfVectorizer(ngram_range=(1, 2), **common)
        self.v_extra = TfidfVectorizer(ngram_range=(1, 1), **common)
        X = hstack(
            [
                self.v_main.fit_transform([d[0] for d in docs]),
                self.v_extra.fit_transform([d[1] for d in docs]),
            ],
            format="csr",
        )
        self.clf = LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=3000, random_state=SEED
        )
        self.clf.fit(X, labels)
        self.classes = [str(c) for c in self.clf.classes_]
        return self

    def predict_proba(self, docs):
        from scipy.sparse import hstack

        X = hstack(
            [
                self.v_main.transform([d[0] for d in docs]),
                self.v_extra.transform([d[1] for d in docs]),
            ],
            format="csr",
        )
        return self.clf.predict_proba(X)

    def save(self, path):
        import pickle

        with open(path, "wb") as fh:
            pickle.dump(self, fh, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def load(path):
        import pickle

        with open(path, "rb") as fh:
            return pickle.load(fh)


class FastTextPeer:
    name = "fasttext"

    def __init__(self, lr=0.3, epoch=FT_EPOCH, dim=FT_DIM, bucket=FT_BUCKET):
        self.lr = lr
        self.epoch = epoch
        self.dim = dim
        self.bucket = bucket

    def params(self):
        return {
            "lr": self.lr,
            "epoch": self.epoch,
            "dim": self.dim,
            "bucket": self.bucket,
            "wordNgrams": FT_WORD_NGRAMS,
            "thread": 1,
            "seed": SEED,
        }

    @staticmethod
    def line(doc):
        # fastText splits on whitespace; the extra tokens come first so bigrams within the
        # sentence are the sentence's own.
        return f"{doc[1]} {doc[0]}".strip()

    def fit(self, docs, labels):
        import fasttext

        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as fh:
            for d, y in zip(docs, labels):
                fh.write(f"__label__{y} {self.line(d)}\n")
            train_path = fh.name
        try:
            self.model = fasttext.train_supervised(
                input=train_path,
                lr=self.lr,
                epoch=self.epoch,
                dim=self.dim,
                bucket=self.bucket,
                wordNgrams=FT_WORD_NGRAMS,
                minCount=1,
                loss="softmax",
                thread=1,
                seed=SEED,
                verbose=0,
            )
        finally:
            os.unlink(train_path)
        self.classes = sorted(l[len("__label__") :] for l in self.model.get_labels())
        return self

    def predict_proba(self, docs):
        import numpy as np

        index = {c: i for i, c in enumerate(self.classes)}
        # The list form of predict() avoids fastText 0.9.3's `np.array(copy=False)` under numpy 2.
        labels, probs = self.model.predict([self.line(d) for d in docs], k=-1)
        out = np.zeros((len(docs), len(self.classes)), dtype=np.float64)
        for row, (ls, ps) in enumerate(zip(labels, probs)):
            for l, p in zip(ls, ps):
                out[row, index[l[len("__label__") :]]] = p
        return out

    def save(self, path):
        self.model.save_model(path)

    @staticmethod
    def load(path):
        import fasttext

        peer = FastTextPeer()
        peer.model = fasttext.load_model(path)
        peer.classes = sorted(l[len("__label__") :] for l in peer.model.get_labels())
        return peer


def argmax_labels(peer, probs):
    return [peer.classes[i] for i in probs.argmax(axis=1)]


# --------------------------------------------------------------------------------------------
# Metrics


def scores(gold, pred, labels):
    from sklearn.metrics import accuracy_score, f1_score

    per = f1_score(gold, pred, labels=list(labels), average=None, zero_division=0)
    return {
        "macro_f1": round(float(per.mean()), 4),
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "per_class_f1": {str(l): round(float(f), 4) for l, f in zip(labels, per)},
    }


def polarity(label):
    return "pos" if label in POSITIVE else "neg" if label in NEGATIVE else "neu"


def five_class(records, pred, probs, classes):
    """Rebuilds the 5-class label of each original directed row from its -pq/-qp pair.

    Rule: both directions predicted neutral -> 0; exactly one non-neutral -> that direction and
    polarity (pq supportive 1, qp supportive 2, pq accusatory 3, qp accusatory 4); both non-neutral ->
    the direction whose predicted label has the higher probability wins, an exact tie going to pq.
    Gold comes from the `directed:<k>` tag, or else from the gold pair by the same rule (a gold pair
    with both directions non-neutral has no 5-class label and is skipped).
    """
    code = {("pq", "pos"): 1, ("qp", "pos"): 2, ("pq", "neg"): 3, ("qp", "neg"): 4}
    rows = {}
    for i, rec in enumerate(records):
        m = DIRECTED_ID.match(rec["id"])
        if m:
            rows.setdefault(m.group("base"), {})[m.group("dir")] = i
    gold5, pred5 = [], []
    incomplete = skipped = 0
    for base, dirs in rows.items():
        if set(dirs) != {"pq", "qp"}:
            incomplete += 1
            continue
        g = None
        for d in ("pq", "qp"):
            for t in records[dirs[d]]["tags"]:
                tm = DIRECTED_TAG.match(t)
                if tm:
                    g = int(tm.group("k"))
        if g is None:
            gp = {d: polarity(records[dirs[d]]["label"]) for d in ("pq", "qp")}
            nonneu = [(d, p) for d, p in gp.items() if p != "neu"]
            if len(nonneu) > 1:
                skipped += 1
                continue
            g = code[nonneu[0]] if nonneu else 0
        cand = []
        for d in ("pq", "qp"):
            i = dirs[d]
            p = polarity(pred[i])
            if p != "neu":
                cand.append((float(probs[i, classes.index(pred[i])]), d == "pq", code[(d, p)]))
        pred5.append(max(cand)[2] if cand else 0)
        gold5.append(g)
    out = {"n_rows": len(gold5), "n_rows_incomplete": incomplete, "n_rows_gold_ambiguous": skipped}
    if gold5:
        s = scores(gold5, pred5, range(5))
        out.update(
            {
                "five_class_macro_f1": s["macro_f1"],
                "five_class_accuracy": s["accuracy"],
                "five_class_per_class_f1": s["per_class_f1"],
            }
        )
    return out


# --------------------------------------------------------------------------------------------
# Subcommands


def build_docs(pre, records):
    return [pre.docs(r) for r in records]


def tune_and_fit(kind, train_docs, train_y, dev_docs, dev_y, labels, grid):
    """Fits every configuration on train, picks the best dev macro-F1 (first wins a tie), and
    returns (fitted peer, its params, dev macro-F1, seconds to fit the chosen one, seconds tuning)."""
    best = None
    t_tune = time.perf_counter()
    for kwargs in grid:
        t0 = time.perf_counter()
        peer = kind(**kwargs).fit(train_docs, train_y)
        fit_s = time.perf_counter() - t0
        dev_f1 = scores(dev_y, argmax_labels(peer, peer.predict_proba(dev_docs)), labels)["macro_f1"]
        log(f"{kind.name} {kwargs}: dev macro-F1 {dev_f1:.4f} ({fit_s:.1f}s)")
        if best is None or dev_f1 > best[2]:
            best = (peer, kwargs, dev_f1, fit_s)
    return (*best, time.perf_counter() - t_tune)


def cmd_accuracy(args):
    gaz = read_gazetteer(args.gazetteer) if args.gazetteer else None
    train = read_records(args.train, args.label)
    dev = read_records(args.dev, args.label)
    test = read_records(args.test, args.label)
    labels = sorted({r["label"] for r in train})
    pre = Preprocessor(gaz)
    docs = {name: build_docs(pre, rs) for name, rs in (("train", train), ("dev", dev), ("test", test))}
    for name, rs in (("train", train), ("test", test)):
        both = sum(1 for d in docs[name] if "_src_found" in d[1] and "_tgt_found" in d[1])
        log(f"{name}: {len(rs)} records, both mentions found in {both}")
    ys = {"train": [r["label"] for r in train], "dev": [r["label"] for r in dev], "test": [r["label"] for r in test]}

    peers = []
    if "sklearn" in args.peers:
        grid = [{"C": c, "class_weight": w} for w in SK_CLASS_WEIGHTS for c in SK_C_GRID]
        peers.append((SklearnPeer, grid))
    if "fasttext" in args.peers:
        pairs = FT_GRID if args.ft_epoch is None else [(args.ft_epoch, lr) for lr in FT_LR_GRID]
        grid = [{"lr": lr, "epoch": ep, "dim": args.ft_dim, "bucket": args.ft_bucket} for ep, lr in pairs]
        peers.append((FastTextPeer, grid))

    for kind, grid in peers:
        peer, kwargs, dev_f1, fit_s, tune_s = tune_and_fit(
            kind, docs["train"], ys["train"], docs["dev"], ys["dev"], labels, grid
        )
        probs = peer.predict_proba(docs["test"])
        pred = argmax_labels(peer, probs)
        line = {"model": peer.name, "label": args.label}
        line.update(scores(ys["test"], pred, labels))
        line.update(
            {
                "train_seconds": round(fit_s, 3),
                "tune_seconds": round(tune_s, 3),
                "n_train": len(train),
                "n_dev": len(dev),
                "n_test": len(test),
                "dev_macro_f1": dev_f1,
                "params": peer.params(),
            }
        )
        if args.five_class:
            directed = [i for i, r in enumerate(test) if DIRECTED_ID.match(r["id"])]
            d3 = scores([ys["test"][i] for i in directed], [pred[i] for i in directed], labels)
            line.update(
                {
                    "directed3_macro_f1": d3["macro_f1"],
                    "directed3_accuracy": d3["accuracy"],
                    "n_directed": len(directed),
                }
            )
            line.update(five_class(test, pred, probs, peer.classes))
        print(json.dumps(line), flush=True)


def _run_child(argv, what):
    """Runs this script's hidden subcommand in a fresh process; returns (its JSON line, wall s)."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, os.path.abspath(__file__), *argv], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if res.returncode != 0:
        msg = res.stderr.strip().splitlines()
        if res.returncode == 2 and msg and msg[-1].startswith("peers.py: error: "):
            raise InputError(msg[-1][len("peers.py: error: ") :])
        sys.stderr.write(res.stderr)
        raise RuntimeError(f"{what} failed (exit {res.returncode})")
    return json.loads(res.stdout.strip().splitlines()[-1]), wall


def cmd_speed(args):
    """Trains each peer in one fresh process, then times it in another.

    This process imports nothing heavy and holds no data: Linux carries a process's peak RSS across
    fork+exec into ru_maxrss of the new image, so a child started from a big parent would report the
    parent's peak instead of its own.
    """
    try:
        size = os.path.getsize(args.text)
    except OSError as e:
        raise InputError(f"{args.text}: cannot open: {e.strerror}") from None
    kinds = [k for k in ("sklearn", "fasttext") if k in args.peers]
    with tempfile.TemporaryDirectory(prefix="peers-speed-") as tmp:
        for k in kinds:
            model_path = os.path.join(tmp, k + ".model")
            targv = ["_speed-train", k, model_path, "--train", args.train, "--label", args.label]
            if args.gazetteer:
                targv += ["--gazetteer", args.gazetteer]
            if k == "sklearn":
                targv += ["--C", str(args.C), "--class-weight", args.class_weight]
            else:
                targv += ["--ft-lr", str(args.ft_lr), "--ft-epoch", str(args.ft_epoch or FT_EPOCH)]
                targv += ["--ft-dim", str(args.ft_dim), "--ft-bucket", str(args.ft_bucket)]
            log(f"{k}: training on {args.train}")
            trained, _ = _run_child(targv, f"training {k}")
            log(f"{k}: trained in {trained['train_seconds']:.1f}s; timing prediction in a fresh process")
            child, process_s = _run_child(["_speed-child", k, model_path, args.text], f"timing {k}")
            mb = size / 1e6
            line = {
                "model": trained["model"],
                "train_seconds": round(trained["train_seconds"], 3),
                "train_peak_rss_mb": trained["peak_rss_mb"],
                "n_train": trained["n_train"],
                "n_sentences": child["n_sentences"],
                "mb": round(mb, 3),
                "seconds": round(child["seconds"], 3),
                "load_seconds": round(child["load_seconds"], 3),
                "predict_seconds": round(child["predict_seconds"], 3),
                "mb_per_s": round(mb / child["seconds"], 3),
                "sentences_per_s": round(child["n_sentences"] / child["seconds"], 1),
                "process_seconds": round(process_s, 3),
                "mb_per_s_process": round(mb / process_s, 3),
                "sentences_per_s_process": round(child["n_sentences"] / process_s, 1),
                "peak_rss_mb": child["peak_rss_mb"],
                "import_rss_mb": child["import_rss_mb"],
                "threads": 1,
                "cpu": child["cpu"],
                "pred_counts": child["pred_counts"],
                "params": trained["params"],
            }
            if "blas" in child:
                line["blas"] = child["blas"]
            print(json.dumps(line), flush=True)


def _peer_kind(name):
    return {"sklearn": SklearnPeer, "fasttext": FastTextPeer}[name]


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def cmd_speed_train(args):
    """Hidden: train one peer with fixed hyperparameters, save it; one JSON line out."""
    gaz = read_gazetteer(args.gazetteer) if args.gazetteer else None
    train = read_records(args.train, args.label)
    pre = Preprocessor(gaz)
    kind = _peer_kind(args.peer)
    if kind is SklearnPeer:
        peer = SklearnPeer(C=args.C, class_weight=None if args.class_weight == "none" else args.class_weight)
    else:
        peer = FastTextPeer(lr=args.ft_lr, epoch=args.ft_epoch, dim=args.ft_dim, bucket=args.ft_bucket)
    # Timed like the accuracy subcommand's train_seconds: the fit on prepared documents.
    docs = build_docs(pre, train)
    y = [r["label"] for r in train]
    t0 = time.perf_counter()
    peer.fit(docs, y)
    train_s = time.perf_counter() - t0
    peer.save(args.model)
    print(
        json.dumps(
            {
                "model": kind.name,
                "train_seconds": train_s,
                "n_train": len(train),
                "peak_rss_mb": peak_rss_mb(),
                "params": peer.params(),
            }
        ),
        flush=True,
    )


def cmd_speed_child(args):
    """Hidden: load one saved peer, read the text file, predict every line; one JSON line out.

    Runs in its own process pinned to one CPU so the peak RSS and the timing are this peer's alone.
    """
    cpus = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpus[0]})
    kind = _peer_kind(args.peer)
    # Import this peer's modules (and only them) before the clock starts: `process_seconds` in the
    # parent covers interpreter start and imports.
    import numpy  # noqa: F401

    if kind is SklearnPeer:
        import scipy.sparse  # noqa: F401
        import sklearn.feature_extraction.text  # noqa: F401
        import sklearn.linear_model  # noqa: F401
    else:
        import fasttext  # noqa: F401
    import_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    peer = kind.load(args.model)
    t1 = time.perf_counter()
    counts = {c: 0 for c in peer.classes}
    n = 0
    batch = []
    sink = open(os.devnull, "w")

    def flush():
        probs = peer.predict_proba([Preprocessor.plain_docs(s) for s in batch])
        for lab in argmax_labels(peer, probs):
            counts[lab] += 1
            sink.write(lab + "\n")
        batch.clear()

    with open(args.text, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            batch.append(line)
            n += 1
            if len(batch) >= args.batch:
                flush()
        if batch:
            flush()
    sink.close()
    t2 = time.perf_counter()
    out = {
        "n_sentences": n,
        "seconds": t2 - t0,
        "load_seconds": t1 - t0,
        "predict_seconds": t2 - t1,
        "peak_rss_mb": peak_rss_mb(),
        "import_rss_mb": round(import_rss, 1),
        "cpu": cpus[0],
        "pred_counts": counts,
    }
    if kind is SklearnPeer:
        from threadpoolctl import threadpool_info

        out["blas"] = [
            f"{i.get('internal_api')}:{i.get('architecture', '?')}:{i.get('num_threads')}t"
            for i in threadpool_info()
        ]
    print(json.dumps(out), flush=True)


def main(argv=None):
    p = argparse.ArgumentParser(prog="peers.py", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True, metavar="{accuracy,speed}")

    def common(sp):
        sp.add_argument("--train", required=True, help="training records (JSON Lines)")
        sp.add_argument("--label", choices=("stance", "sentiment"), default="stance")
        sp.add_argument(
            "--gazetteer",
            help="stance gazetteer JSON (e.g. data/actors.json): find canonical source/target names "
            "through their surface forms",
        )
        sp.add_argument(
            "--peers", default="sklearn,fasttext", type=lambda s: set(s.split(",")), help="comma list"
        )
        sp.add_argument(
            "--ft-epoch",
            type=int,
            default=None,
            help=f"fastText epochs (accuracy: fixes the epochs and tunes lr only; speed: default {FT_EPOCH})",
        )
        sp.add_argument("--ft-dim", type=int, default=FT_DIM)
        sp.add_argument("--ft-bucket", type=int, default=FT_BUCKET)

    a = sub.add_parser("accuracy", help="tune on dev, score on test")
    common(a)
    a.add_argument("--dev", required=True)
    a.add_argument("--test", required=True)
    a.add_argument(
        "--five-class",
        action="store_true",
        help="directed-sentiment files: also rebuild the 5-class label from -pq/-qp pairs",
    )
    a.set_defaults(func=cmd_accuracy)

    s = sub.add_parser("speed", help="train, then time prediction over a text file on one core")
    common(s)
    s.add_argument("--text", required=True, help="one sentence per line")
    # Defaults: the dev picks on the project's own data (data/train.jsonl, data/dev.jsonl with
    # data/actors.json) at fastText's usual 25 epochs; `speed` does no tuning.
    s.add_argument("--C", type=float, default=30.0, help="sklearn C (default 30)")
    s.add_argument("--class-weight", default="balanced", choices=("none", "balanced"))
    s.add_argument("--ft-lr", type=float, default=1.0, help="fastText lr (default 1.0)")
    s.set_defaults(func=cmd_speed)

    t = sub.add_parser("_speed-train")
    t.add_argument("peer", choices=("sklearn", "fasttext"))
    t.add_argument("model")
    t.add_argument("--train", required=True)
    t.add_argument("--label", choices=("stance", "sentiment"), default="stance")
    t.add_argument("--gazetteer")
    t.add_argument("--C", type=float, default=30.0)
    t.add_argument("--class-weight", default="none", choices=("none", "balanced"))
    t.add_argument("--ft-lr", type=float, default=1.0)
    t.add_argument("--ft-epoch", type=int, default=FT_EPOCH)
    t.add_argument("--ft-dim", type=int, default=FT_DIM)
    t.add_argument("--ft-bucket", type=int, default=FT_BUCKET)
    t.set_defaults(func=cmd_speed_train)

    c = sub.add_parser("_speed-child")
    c.add_argument("peer", choices=("sklearn", "fasttext"))
    c.add_argument("model")
    c.add_argument("text")
    c.add_argument("--batch", type=int, default=4096)
    c.set_defaults(func=cmd_speed_child)

    args = p.parse_args(argv)
    if hasattr(args, "peers"):
        bad = args.peers - {"sklearn", "fasttext"}
        if bad:
            p.error(f"unknown peer(s): {', '.join(sorted(bad))}")
    try:
        args.func(args)
    except InputError as e:
        print(f"peers.py: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
