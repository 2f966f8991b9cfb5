"""Score paragraph + sentence segmentation against the shared gold sets, list the errors, time it.

Reads the gold sets by path (never copies them) and calls the transforms directly (no warehouse):

    .venv/bin/python bench/eval_segmentation.py [--shared ../shared] [--quiet] [--repeat N]

- Golden Rules (english_48 / english_52): a case passes when the stripped sentences of its document
  equal the expected list, as in ``score.py``'s ``score_golden_rules``.
- GUM news: sentence-end boundary P/R/F1 and exact-span F1 counted on positions without white
  space, as in ``score.py``'s ``score_boundaries``; missed and extra sentence ends are listed with
  their context.
- The seed article against ``spec/seed-gold.json``: exact paragraphs (text and kind) and sentences.
- Speed: MB/s (UTF-8 bytes of document text) of split_paragraphs + split_sentences over PolNeAR,
  in CPU time and wall time (best of --repeat passes).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transforms.paragraphs import split_paragraphs  # noqa: E402
from transforms.sentences import split_sentences  # noqa: E402

HEADER = 17  # " date YYYY-MM-DD "


def segment(text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    paras = split_paragraphs(text)
    sents = [s for p in paras for s in split_sentences(text, p.start, p.end)]
    return [(p.start, p.end, p.kind) for p in paras], sents


def doc_text(raw: str) -> str:
    """documents.text of a seed file in the shared sets (all start with exactly the header)."""
    body = unicodedata.normalize("NFC", raw[HEADER:])
    return body.replace("\r\n", "\n").replace("\r", "\n").rstrip()


def golden_rules(path: Path, quiet: bool) -> str:
    cases = json.loads(path.read_text(encoding="utf-8"))
    failed = []
    for c in cases:
        text = doc_text(f" date 2020-01-01 {c['text']}")
        got = [text[s:e].strip() for s, e in segment(text)[1]]
        want = [s.strip() for s in c["sentences"]]
        if got != want:
            failed.append(c["id"])
            if not quiet:
                print(f"  {path.name} #{c['id']}: want {want}\n  {' ' * len(path.name)}    got  {got}")
    return f"{len(cases) - len(failed)}/{len(cases)} (failed {failed})"


def nows_index(text: str) -> list[int]:
    out, n = [], 0
    for ch in text:
        out.append(n)
        if not ch.isspace():
            n += 1
    out.append(n)
    return out


def context(text: str, pos: int, width: int = 60) -> str:
    return (text[max(0, pos - width) : pos] + " ▌" + text[pos : pos + width]).replace("\n", "⏎")


def gum(folder: Path, quiet: bool) -> dict[str, dict[str, float]]:
    """Boundary P/R/F1 on span ends and exact-span F1, for sentences and for paragraphs."""
    acc = {
        k: {"tp": 0, "pred": 0, "gold": 0, "span_tp": 0, "span_pred": 0} for k in ("sentences", "paragraphs")
    }
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        text = doc_text((folder / "articles" / g["file"]).read_text(encoding="utf-8"))
        paras, sents = segment(text)
        gi, pi = nows_index(g["text"]), nows_index(text)
        for key, pred in (("sentences", sents), ("paragraphs", [(s, e) for s, e, _ in paras])):
            gold_ends = {gi[s["end"]]: s["end"] for s in g[key]}
            pred_ends = {pi[e]: e for _, e in pred}
            a = acc[key]
            a["tp"] += len(gold_ends.keys() & pred_ends.keys())
            a["pred"] += len(pred_ends)
            a["gold"] += len(gold_ends)
            a["span_tp"] += len(
                {(gi[s["start"]], gi[s["end"]]) for s in g[key]} & {(pi[s], pi[e]) for s, e in pred}
            )
            a["span_pred"] += len(pred)
            if not quiet:
                for k in sorted(gold_ends.keys() - pred_ends.keys()):
                    print(f"  GUM {key[:4]} missed {g['file'][:3]}: {context(g['text'], gold_ends[k])}")
                for k in sorted(pred_ends.keys() - gold_ends.keys()):
                    print(f"  GUM {key[:4]} extra  {g['file'][:3]}: {context(text, pred_ends[k])}")
    return {key: prf(a) for key, a in acc.items()}


def prf(a: dict[str, int]) -> dict[str, float]:
    p, r = a["tp"] / a["pred"], a["tp"] / a["gold"]
    sp, sr = a["span_tp"] / a["span_pred"], a["span_tp"] / a["gold"]
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4),
        "exact_span_f1": round(2 * sp * sr / (sp + sr), 4),
    }


def seed(shared: Path, quiet: bool) -> str:
    g = json.loads((shared / "spec" / "seed-gold.json").read_text(encoding="utf-8"))
    text = doc_text((shared / "seeds" / g["file"]).read_text(encoding="utf-8"))
    paras, sents = segment(text)
    want_p = [(p["start"], p["end"], p["kind"]) for p in g["paragraphs"]]
    want_s = [(s["start"], s["end"]) for s in g["sentences"]]
    if not quiet:
        for p in sorted(set(paras) ^ set(want_p)):
            print(f"  seed paragraph {'extra' if p in paras else 'missed'}: {p} {text[p[0] : p[1]][:80]!r}")
        for s in sorted(set(sents) ^ set(want_s)):
            print(f"  seed sentence {'extra' if s in sents else 'missed'}: {s} {text[s[0] : s[1]][:80]!r}")
    ok = paras == want_p and sents == want_s
    return f"{'yes' if ok else 'NO'} ({len(paras)} paragraphs, {len(sents)} sentences)"


def speed(folder: Path, repeat: int) -> str:
    """Best of ``repeat`` passes, in CPU time of this process (the machine is shared and noisy)."""
    texts = [doc_text(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for t in texts)
    cpu = wall = float("inf")
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        for t in texts:
            segment(t)
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return (
        f"{size / cpu / 1e6:.1f} MB/s CPU time, {size / wall / 1e6:.1f} MB/s wall "
        f"({len(texts)} docs, {size / 1e6:.2f} MB of UTF-8 text, best of {repeat})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--quiet", action="store_true", help="figures only, no error listing")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    ev = a.shared / "eval"
    print("golden rules 48:", golden_rules(ev / "golden-rules" / "english_48.json", a.quiet))
    print("golden rules 52:", golden_rules(ev / "golden-rules" / "english_52.json", a.quiet))
    scores = gum(ev / "gum-news", a.quiet)
    print("GUM sentences:", scores["sentences"])
    print("GUM paragraphs:", scores["paragraphs"])
    print("seed exact:", seed(a.shared, a.quiet))
    print("speed (PolNeAR):", speed(a.shared / "corpus" / "polnear-train" / "articles", a.repeat))


if __name__ == "__main__":
    main()
