"""Side-by-side benchmark: stance vs scikit-learn and fastText on public news data, and speed.

Run through `benches/peers/run` (it builds stance and the venv first). Reads the public datasets from
`../shared/benchmarks` (or $STANCE_BENCHMARKS), never copies their text into the repository, and
writes its work files under target/peers/. Prints progress on stderr and, on stdout, the benchmark
table in Markdown; the raw numbers go to target/peers/results.json.

Every model is tuned the same way: on the dataset's dev split, never on test.
- stance: the L2 penalty `--alpha` over ALPHAS, picked by dev macro-F1 of the head being scored;
- scikit-learn and fastText: peers.py's own grids (C and class weights; learning rate and epochs).
"""

import json
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import peers  # noqa: E402  (the peer side: record reading, five_class scoring)

BIN = os.path.join(ROOT, "target", "release", "stance")
WORK = os.path.join(ROOT, "target", "peers")
PY = sys.executable
ALPHAS = [0.003, 0.01, 0.03, 0.1, 0.3, 1.0]
SPEED_ARTICLES = 12000


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run_rss(argv, cores=None):
    """Runs a command (stdout discarded) and returns (wall seconds, its own peak RSS in MB)."""
    if cores is not None:
        argv = ["taskset", "-c", cores] + argv
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(argv)}")
    return wall, usage.ru_maxrss / 1024.0


def stance_json(args):
    out = subprocess.run([BIN] + args, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"stance {' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout)


def peer_lines(args):
    out = subprocess.run([PY, os.path.join(HERE, "peers.py")] + args, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"peers.py {' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return [json.loads(l) for l in out.stdout.splitlines() if l.strip()]


def w(name):
    return os.path.join(WORK, name)


def import_all(bench):
    jobs = [
        ("directed", "directed_sentiment_news/train.txt", "ds-train", "ds-train"),
        ("directed", "directed_sentiment_news/valid.txt", "ds-valid", "ds-valid"),
        ("directed", "directed_sentiment_news/test.txt", "ds-test", "ds-test"),
        ("newsmtsc", "newsmtsc/train.jsonl", "mtsc-train", "mtsc-train"),
        ("newsmtsc", "newsmtsc/splits/newsmtsc-rw/dev.jsonl", "mtsc-rw-dev", "mtsc-rw-dev"),
        ("newsmtsc", "newsmtsc/splits/newsmtsc-rw/test.jsonl", "mtsc-rw-test", "mtsc-rw-test"),
        ("newsmtsc", "newsmtsc/splits/newsmtsc-mt/dev.jsonl", "mtsc-mt-dev", "mtsc-mt-dev"),
        ("newsmtsc", "newsmtsc/splits/newsmtsc-mt/test.jsonl", "mtsc-mt-test", "mtsc-mt-test"),
        ("plover", "plover_gsr/derived/plover_gsr_flat.jsonl", "plover", "plover"),
    ]
    for fmt, rel, prefix, name in jobs:
        out = w(name + ".jsonl")
        subprocess.run(
            [BIN, "import", "--format", fmt, os.path.join(bench, rel), "--id-prefix", prefix, "--out", out],
            check=True,
            stderr=subprocess.DEVNULL,
        )
    log("imported the benchmark splits")


def train_stance(data, dev, head, alphas=ALPHAS):
    """Trains stance for each alpha, keeps the best on dev for `head`; returns (model, alpha, seconds)."""
    best = None
    for a in alphas:
        model = w(f"model-{os.path.basename(data)}-{a}.json")
        started = time.perf_counter()
        subprocess.run(
            [BIN, "train", "--data", data, "--out", model, "--alpha", str(a)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        f1 = stance_json(["eval", "--model", model, "--data", dev, "--format", "json"])[head]["macro_f1"]
        log(f"stance alpha {a}: dev {head} macro-F1 {f1:.4f} ({seconds:.1f}s)")
        if best is None or f1 > best[0]:
            best = (f1, model, a, seconds)
    return best[1], best[2], best[3]


def directed_rows(results):
    log("directed sentiment: tuning stance on valid")
    model, alpha, seconds = train_stance(w("ds-train.jsonl"), w("ds-valid.jsonl"), "stance")
    preds = w("ds-test.predictions.jsonl")
    ev = stance_json(["eval", "--model", model, "--data", w("ds-test.jsonl"), "--format", "json",
                      "--predictions", preds])
    test = peers.read_records(w("ds-test.jsonl"), "stance")
    by_id = {}
    with open(preds) as f:
        for line in f:
            p = json.loads(line)
            by_id[p["id"]] = p
    classes = ["accusatory", "neutral", "supportive"]
    import numpy as np

    pred = [by_id[r["id"]]["stance"] for r in test]
    probs = np.array([[by_id[r["id"]]["probabilities"][c] for c in classes] for r in test])
    five = peers.five_class(test, pred, probs, classes)
    results["directed"] = {
        "stance": {"directed3_macro_f1": ev["stance"]["macro_f1"], "directed3_accuracy": ev["stance"]["accuracy"],
                   "five_class_macro_f1": five["five_class_macro_f1"], "alpha": alpha, "train_seconds": seconds,
                   "rows": five["n_rows"]},
    }
    log("directed sentiment: peers")
    for line in peer_lines(["accuracy", "--train", w("ds-train.jsonl"), "--dev", w("ds-valid.jsonl"),
                            "--test", w("ds-test.jsonl"), "--label", "stance", "--five-class"]):
        results["directed"][line["model"]] = line


def newsmtsc_rows(results):
    for split in ("rw", "mt"):
        log(f"NewsMTSC {split}: tuning stance on dev")
        model, alpha, _ = train_stance(w("mtsc-train.jsonl"), w(f"mtsc-{split}-dev.jsonl"), "sentiment")
        ev = stance_json(["eval", "--model", model, "--data", w(f"mtsc-{split}-test.jsonl"), "--format", "json"])
        results[f"newsmtsc-{split}"] = {
            "stance": {"macro_f1": ev["sentiment"]["macro_f1"], "accuracy": ev["sentiment"]["accuracy"], "alpha": alpha}
        }
        log(f"NewsMTSC {split}: peers")
        for line in peer_lines(["accuracy", "--train", w("mtsc-train.jsonl"), "--dev", w(f"mtsc-{split}-dev.jsonl"),
                                "--test", w(f"mtsc-{split}-test.jsonl"), "--label", "sentiment"]):
            results[f"newsmtsc-{split}"][line["model"]] = line


def plover_rows(results):
    log("PLOVER: default model zero-shot; peers trained on data/train.jsonl, tuned on data/dev.jsonl")
    ev = stance_json(["eval", "--data", w("plover.jsonl"), "--format", "json"])
    results["plover"] = {"stance": {"accuracy": ev["stance"]["accuracy"]}}
    for line in peer_lines(["accuracy", "--train", os.path.join(ROOT, "data/train.jsonl"),
                            "--dev", os.path.join(ROOT, "data/dev.jsonl"), "--test", w("plover.jsonl"),
                            "--label", "stance", "--gazetteer", os.path.join(ROOT, "data/actors.json")]):
        results["plover"][line["model"]] = line


def speed_corpus():
    """12,000 articles of 2-3 sentences from the benchmark sentences (real news text), and the same
    sentences one per line for the peers."""
    texts = []
    seen = set()
    for name in ("ds-train", "ds-valid", "ds-test", "mtsc-train"):
        with open(w(name + ".jsonl")) as f:
            for line in f:
                t = json.loads(line)["text"].replace("\n", " ").strip()
                if t and t not in seen:
                    seen.add(t)
                    texts.append(t)
    rng = random.Random(7)
    articles, sentences = [], []
    i = 0
    while len(articles) < SPEED_ARTICLES:
        k = 2 + (len(articles) % 2)
        chunk = [texts[(i + j) % len(texts)] for j in range(k)]
        i += k
        articles.append({"id": f"s{len(articles)}", "text": " ".join(chunk)})
        sentences.extend(chunk)
    rng.shuffle(articles)
    with open(w("speed.jsonl"), "w") as f:
        for a in articles:
            f.write(json.dumps(a) + "\n")
    with open(w("speed.txt"), "w") as f:
        for a in articles:
            f.write(a["text"] + "\n")
    return os.path.getsize(w("speed.txt")), len(articles)


def speed_rows(results):
    size, n_articles = speed_corpus()
    mb = size / 1e6
    log(f"speed corpus: {n_articles} articles, {mb:.1f} MB of text")
    one, rss1 = run_rss([BIN, "predict", "--format", "jsonl", w("speed.jsonl")], cores="0")
    allc, rss2 = run_rss([BIN, "predict", "--format", "jsonl", w("speed.jsonl")])
    started = time.perf_counter()
    subprocess.run([BIN, "train", "--data", w("ds-train.jsonl"), "--out", w("speed-model.json")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    train_s = time.perf_counter() - started
    results["speed"] = {
        "corpus": {"mb": round(mb, 3), "articles": n_articles},
        "stance": {"mb_per_s_one_core": mb / one, "mb_per_s_all_cores": mb / allc, "cores": os.cpu_count(),
                   "peak_rss_mb": rss1, "train_seconds": train_s},
    }
    log("speed: peers (one core each)")
    for line in peer_lines(["speed", "--train", w("ds-train.jsonl"), "--text", w("speed.txt")]):
        results["speed"][line["model"]] = line


def fmt(v, digits=3):
    return "-" if v is None else f"{v:.{digits}f}"


def table(results, published):
    sk, ft = "sklearn-tfidf-lr", "fasttext"
    rows = []
    d = results["directed"]
    rows.append((f"directed sentiment test ({d['stance']['rows']:,} rows)", "directed 3-class macro-F1",
                 d["stance"]["directed3_macro_f1"], d[sk]["directed3_macro_f1"], d[ft]["directed3_macro_f1"],
                 published.get("directed3")))
    rows.append(("directed sentiment test", "5-class macro-F1", d["stance"]["five_class_macro_f1"],
                 d[sk]["five_class_macro_f1"], d[ft]["five_class_macro_f1"], published.get("directed5")))
    for split in ("rw", "mt"):
        n = results[f"newsmtsc-{split}"]
        for metric in ("macro_f1", "accuracy"):
            rows.append((f"NewsMTSC test-{split}", metric.replace("macro_f1", "macro-F1"),
                         n["stance"][metric], n[sk][metric], n[ft][metric],
                         published.get(f"mtsc-{split}-{metric}")))
    p = results["plover"]
    rows.append(("PLOVER gold (zero-shot)", "accuracy (coop/conf)", p["stance"]["accuracy"], p[sk]["accuracy"],
                 p[ft]["accuracy"], None))
    s = results["speed"]
    rows.append((f"speed, {s['corpus']['articles']:,} articles ({s['corpus']['mb']:.1f} MB), one core", "MB/s",
                 s["stance"]["mb_per_s_one_core"], s[sk]["mb_per_s_process"], s[ft]["mb_per_s_process"], None))
    rows.append(("speed, same, all cores", f"MB/s ({s['stance']['cores']} cores)", s["stance"]["mb_per_s_all_cores"],
                 None, None, None))
    rows.append((f"training on directed train ({s[sk]['n_train']:,} records)", "seconds", s["stance"]["train_seconds"],
                 s[sk]["train_seconds"], s[ft]["train_seconds"], None))
    rows.append(("peak memory while predicting", "MB", s["stance"]["peak_rss_mb"], s[sk]["peak_rss_mb"],
                 s[ft]["peak_rss_mb"], None))
    one = s["stance"]["mb_per_s_one_core"]
    rows.append(("speed ratio, one core", "stance ÷ peer", None, one / s[sk]["mb_per_s_process"],
                 one / s[ft]["mb_per_s_process"], None))
    rows.append(("training time ratio", "stance ÷ peer", None, s["stance"]["train_seconds"] / s[sk]["train_seconds"],
                 s["stance"]["train_seconds"] / s[ft]["train_seconds"], None))
    out = ["| dataset | metric | stance | scikit-learn | fastText | published best |",
           "|---|---|---|---|---|---|"]
    for name, metric, a, b, c, pub in rows:
        digits = 1 if metric in ("seconds", "MB") or metric.startswith("MB/s") else 2 if "÷" in metric else 3
        out.append(f"| {name} | {metric} | {fmt(a, digits)} | {fmt(b, digits)} | {fmt(c, digits)} | {pub or '-'} |")
    return "\n".join(out)


# From each dataset's SOURCE.md (published anchors, test split).
PUBLISHED = {
    "mtsc-rw-macro_f1": "0.831 (RoBERTa GRU-TSC)",
    "mtsc-rw-accuracy": "0.838 (RoBERTa GRU-TSC)",
    "mtsc-mt-macro_f1": "0.825 (RoBERTa GRU-TSC)",
    "mtsc-mt-accuracy": "0.846 (RoBERTa GRU-TSC)",
    "directed3": "not recovered (Park et al. 2021)",
    "directed5": "not recovered (Park et al. 2021)",
}


def main():
    if sys.argv[1:] == ["--from-results"]:
        # Re-print the table of the last run (target/peers/results.json) without rerunning it.
        with open(w("results.json")) as f:
            print(table(json.load(f), PUBLISHED))
        return
    bench = os.environ.get("STANCE_BENCHMARKS", os.path.join(ROOT, "..", "shared", "benchmarks"))
    if not os.path.isdir(bench):
        sys.exit(f"no benchmark data at {bench} (set STANCE_BENCHMARKS)")
    os.makedirs(WORK, exist_ok=True)
    results = {}
    import_all(bench)
    directed_rows(results)
    newsmtsc_rows(results)
    plover_rows(results)
    speed_rows(results)
    with open(w("results.json"), "w") as f:
        json.dump(results, f, indent=1, default=float)
    print(table(results, PUBLISHED))


if __name__ == "__main__":
    main()
