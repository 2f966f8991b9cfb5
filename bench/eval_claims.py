"""Dev evaluation of the claims extractor on PolNeAR and the seed gold, with error listings.

Reads the gold by path (never copies it), runs the transforms directly (no warehouse, no Prefect)
and scores with the official scorer's own matching functions (../shared/eval/score.py).

usage:
    .venv/bin/python bench/eval_claims.py [--kind direct|all] [--limit N] [--errors CLASS,...]
        [--corpus DIR] [--seed-gold FILE] [--quiet] [--repeat N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms.claims import extract_claims  # noqa: E402
from transforms.spans import ParagraphSpan, SentenceSpan  # noqa: E402

SHARED = ROOT.parent / "shared"
HEADER = 17  # " date YYYY-MM-DD "

_BLANK = re.compile(r"\n[ \t]*\n\s*")
_END = re.compile(r"(?<=[.!?])[\"”’']?(?=\s+[\"“A-Z])")


def naive_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Fallback splitter, used only while transforms/sentences.py is unusable."""
    end = len(text) if end is None else end
    out, pos = [], start
    for m in _END.finditer(text, start, end):
        out.append((pos, m.end()))
        pos = m.end()
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end:
        out.append((pos, end))
    return out


def naive_paragraphs(text: str) -> list[ParagraphSpan]:
    out, pos = [], 0
    for m in _BLANK.finditer(text):
        if m.start() > pos:
            out.append(ParagraphSpan(pos, m.start(), "body"))
        pos = m.end()
    if pos < len(text):
        out.append(ParagraphSpan(pos, len(text), "body"))
    return out


split_paragraphs, split_sentences = naive_paragraphs, naive_sentences


def use_project_segmentation() -> None:
    """Use transforms/paragraphs.py and sentences.py, falling back to the naive ones if broken."""
    global split_paragraphs, split_sentences
    try:
        from transforms.paragraphs import split_paragraphs as sp
        from transforms.sentences import split_sentences as ss

        sp("A b.\n\nC d. E f.")
        ss("A b. C d.")
        split_paragraphs, split_sentences = sp, ss
    except Exception as exc:  # noqa: BLE001 -- someone else's module, possibly mid-rewrite
        print(f"warning: project segmentation unusable ({exc!r}); using naive splitters", file=sys.stderr)


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("claimhouse_score", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def segment(text: str) -> tuple[list[ParagraphSpan], list[SentenceSpan]]:
    paras = list(split_paragraphs(text))
    sents = [
        SentenceSpan(s, e, i) for i, p in enumerate(paras) for s, e in split_sentences(text, p.start, p.end)
    ]
    return paras, sents


def sentence_of(text: str, pos: int) -> str:
    lo = max(text.rfind("\n", 0, pos), text.rfind(". ", 0, pos - 1)) + 1
    hi = min((i for i in (text.find("\n", pos), text.find(". ", pos)) if i >= 0), default=len(text))
    return text[lo : hi + 1].strip()


def evaluate(corpus: Path, sc, kind: str) -> tuple[dict, list[tuple[str, str]]]:
    pronouns = {"he", "she", "they", "i", "we", "it"}
    gold = [json.loads(line) for line in (corpus / "gold.jsonl").read_text().splitlines() if line.strip()]
    kinds = ("quote",) if kind == "direct" else ("quote", "reported")
    keep = sc.is_direct if kind == "direct" else (lambda a: True)
    tp = npred = ngold = sp_ok = sp_n = cue_ok = cue_n = 0
    errors: list[tuple[str, str]] = []
    for g in gold:
        text = (corpus / "articles" / g["file"]).read_text(encoding="utf-8")[HEADER:].rstrip()
        paras, sents = segment(text)
        preds = [
            {"text": text[c.start : c.end], "start": c.start, **c._asdict()}
            for c in extract_claims(text, paras, sents)
            if c.kind in kinds
        ]
        golds = [a for a in g["attributions"] if keep(a)]
        ngold += len(golds)
        pairs, absorbed = sc.match(
            preds,
            golds,
            lambda p: p["text"],
            lambda a: " ".join(c["text"] for c in a["contents"]),
            pieces_of_gold=lambda a: [c["text"] for c in a["contents"]] if len(a["contents"]) > 1 else [],
        )
        npred += len(preds) - absorbed
        tp += len(pairs)
        matched_p = {id(p) for p, _ in pairs}
        matched_g = {id(a) for _, a in pairs}
        for p, a in pairs:
            src = " ".join(s["text"] for s in a["sources"])
            if src:
                sp_n += 1
                ok = any(
                    sc.same_mention(m or "", src, stop=sc.STOP - pronouns)
                    for m in (p["speaker_text"], p["speaker"])
                )
                sp_ok += ok
                if not ok:
                    errors.append(
                        (
                            "speaker",
                            f"{g['file']}: gold {src!r} got {p['speaker_text']!r}/{p['speaker']!r}\n    {p['text'][:160]}",
                        )
                    )
            gcue = " ".join(c["text"] for c in a["cue"])
            if sc.words(gcue):
                cue_n += 1
                ok = sc.same_mention(p["cue"] or "", gcue, stop=set())
                cue_ok += ok
                if not ok:
                    errors.append(
                        (
                            "cue",
                            f"{g['file']}: gold {gcue!r} got {p['cue']!r} ({src!r})\n    {p['text'][:160]}",
                        )
                    )
        for a in golds:
            if id(a) not in matched_g:
                c0 = a["contents"][0]
                src = " ".join(s["text"] for s in a["sources"])
                cue = " ".join(c["text"] for c in a["cue"])
                errors.append(
                    (
                        "missed",
                        f"{g['file']}: [{src}] [{cue}] {c0['text'][:160]!r}\n    ctx: {sentence_of(text, c0['start'])[:300]}",
                    )
                )
        split = [
            set(sc.words(" ".join(c["text"] for c in a["contents"])))
            for _, a in pairs
            if len(a["contents"]) > 1
        ]
        for p in preds:
            pw = set(sc.words(p["text"]))
            if id(p) not in matched_p and not any(pw and len(pw & g) >= 0.8 * len(pw) for g in split):
                errors.append(
                    (
                        "fp",
                        f"{g['file']}: {p['kind']} [{p['speaker_text']}] [{p['cue']}] {p['text'][:160]!r}\n    ctx: {sentence_of(text, p['start'])[:300]}",
                    )
                )
    res = sc.prf(tp, npred, ngold)
    res["speaker_accuracy"] = round(sp_ok / sp_n, 4) if sp_n else None
    res["cue_accuracy"] = round(cue_ok / cue_n, 4) if cue_n else None
    return res, errors


def seed(sc, gold_path: Path) -> dict:
    g = json.loads(gold_path.read_text())
    text = (ROOT / "seeds" / g["file"]).read_text(encoding="utf-8")[HEADER:].rstrip()
    paras, sents = segment(text)
    preds = [
        {"kind": c.kind, "text": text[c.start : c.end], "speaker": c.speaker, "cue": c.cue}
        for c in extract_claims(text, paras, sents)
    ]
    golds = g["claims"]
    pairs, _ = sc.match(preds, golds, lambda p: p["text"], lambda c: c["content"]["text"], threshold=0.8)
    required = [c for c in golds if not c.get("optional")]

    def right(p, c):
        cue_ok = sc.norm(c["cue"] or "") in sc.norm(p["cue"] or "") if c["cue"] else not p["cue"]
        return (
            p["kind"] == c["kind"] and sc.norm(p["speaker"] or "") == sc.norm(c["speaker"] or "") and cue_ok
        )

    wrong = [(p, c["kind"], c["speaker"], c["cue"]) for p, c in pairs if not right(p, c)]
    matched = {id(p) for p, _ in pairs}
    return {
        "required_found": f"{sum(1 for _, c in pairs if not c.get('optional'))}/{len(required)}",
        "required_all_right": f"{sum(1 for p, c in pairs if not c.get('optional') and right(p, c))}/{len(required)}",
        "extra": len(preds) - len(pairs),
        "wrong": wrong,
        "extras": [p for p in preds if id(p) not in matched],
    }


def speed(corpus: Path, repeat: int = 3) -> dict[str, float]:
    """MB/s (10^6 bytes of article text, UTF-8) per CPU second on one core, best of ``repeat``
    runs (the machine is shared: CPU time, and the least disturbed run): segmentation + claims,
    quantities alone (once per document over its body paragraphs, as transforms/document.py calls them), and the
    whole pipeline of transforms.document.segment()."""
    from transforms.document import segment as segment_document
    from transforms.quantities import quantities_in

    texts = [
        p.read_text(encoding="utf-8")[HEADER:].rstrip() for p in sorted((corpus / "articles").glob("*.txt"))
    ]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    segmented = [segment(t) for t in texts]

    def claims() -> None:
        for t in texts:
            paras, sents = segment(t)
            extract_claims(t, paras, sents)

    def quantities() -> None:
        for t, (paras, _) in zip(texts, segmented, strict=True):
            quantities_in(t, [(p.start, p.end) for p in paras if p.kind == "body"])

    def whole() -> None:
        for t in texts:
            segment_document(t)

    out = {}
    for name, run in (("segmentation + claims", claims), ("quantities", quantities), ("segment()", whole)):
        best = float("inf")
        for _ in range(repeat):
            t0 = time.process_time()
            run()
            best = min(best, time.process_time() - t0)
        out[name] = size / best
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "polnear-train")
    ap.add_argument("--seed-gold", type=Path, default=SHARED / "spec" / "seed-gold.json")
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score.py")
    ap.add_argument("--kind", choices=("direct", "all"), default="all")
    ap.add_argument("--limit", type=int, default=20, help="error lines per class")
    ap.add_argument("--errors", default="missed,fp,speaker,cue", help="error classes to list")
    ap.add_argument("--quiet", action="store_true", help="totals only")
    ap.add_argument("--naive-seg", action="store_true", help="use the naive fallback splitters")
    ap.add_argument("--repeat", type=int, default=3, help="speed runs per figure (the best is kept)")
    a = ap.parse_args()
    if not a.naive_seg:
        use_project_segmentation()
    sc = load_scorer(a.scorer)
    s = seed(sc, a.seed_gold)
    print("seed:", {k: v for k, v in s.items() if k not in ("wrong", "extras")})
    for w in s["wrong"] + s["extras"]:
        print("  seed error:", w)
    for kind in ("direct", "all"):
        res, errors = evaluate(a.corpus, sc, kind)
        print(f"polnear {kind}:", res)
        if kind == a.kind and not a.quiet:
            for cls in a.errors.split(","):
                listed = [e for c, e in errors if c == cls]
                print(f"--- {cls}: {len(listed)}")
                for e in listed[: a.limit]:
                    print("  " + e)
    for name, mbs in speed(a.corpus, a.repeat).items():
        print(f"speed: {mbs:.2f} MB/s ({name}, one core, CPU time)")


if __name__ == "__main__":
    main()
