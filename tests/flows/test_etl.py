"""The flow under the Prefect harness: publish, rerun, incremental changes, rejects, failed audits."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED_FILE, SEEDS, query

CONTENT = ("documents", "paragraphs", "sentences", "claims", "quantities")
ARTICLE = " date 2023-05-0{day} The council approved {n} new homes on Monday, the mayor said.\n\nIt was the {word} vote."


def make_seeds(root: Path) -> Path:
    seeds = root / "seeds"
    (seeds / "more").mkdir(parents=True)
    shutil.copy(SEEDS / SEED_FILE, seeds / SEED_FILE)
    for i, word in enumerate(("first", "second", "third"), start=1):
        (seeds / "more" / f"00{i}_{i:016x}.txt").write_text(ARTICLE.format(day=i, n=100 * i, word=word))
    return seeds


def snapshot(wh: Path) -> dict[str, list[tuple[Any, ...]]]:
    return {t: sorted(query(wh, f"SELECT * FROM {t}"), key=repr) for t in CONTENT}


def runs(wh: Path) -> list[tuple[Any, ...]]:
    return query(
        wh,
        "SELECT status, files_seen, files_loaded, files_unchanged, files_rejected FROM runs ORDER BY run_id",
    )


def test_seed_warehouse_holds_the_seed_article(seed_warehouse: Path) -> None:
    [(doc_id, date, seq, n_par)] = query(
        seed_warehouse,
        f"SELECT doc_id, CAST(published_date AS VARCHAR), seq, n_paragraphs FROM documents WHERE source_path = '{SEED_FILE}'",
    )
    assert (doc_id, date, seq) == ("4224968f8fd26e4e", "2024-06-26", 0)
    assert n_par == 13


def test_rerun_gives_identical_rows_and_ids(run_etl: Any, tmp_path: Path) -> None:
    seeds, wh = make_seeds(tmp_path), tmp_path / "wh"
    first = run_etl(seeds, wh)
    before = snapshot(wh)
    second = run_etl(seeds, wh)
    assert snapshot(wh) == before
    assert first["run"]["files_loaded"] == 4 and second["run"]["files_loaded"] == 0
    assert runs(wh) == [("published", 4, 4, 0, 0), ("published", 4, 0, 4, 0)]
    # nothing changed: the first run's state is re-confirmed, not copied into a new snapshot
    assert query(wh, "SELECT run_id FROM publication") == [(first["run"]["run_id"],)]
    assert [p.name for p in (wh / "state" / "snapshots").iterdir()] == [first["run"]["run_id"]]
    assert "stays published" in second["run"]["message"]


def test_change_add_delete_touch_exactly_those_rows(run_etl: Any, tmp_path: Path) -> None:
    seeds, wh = make_seeds(tmp_path), tmp_path / "wh"
    run_etl(seeds, wh)
    before = snapshot(wh)
    changed, deleted = (
        seeds / "more" / "002_0000000000000002.txt",
        seeds / "more" / "003_0000000000000003.txt",
    )
    changed.write_text(ARTICLE.format(day=2, n=999, word="changed"))
    deleted.unlink()
    (seeds / "new.txt").write_text(" date 2022-02-02 A brand new article about 7 ships.")
    summary = run_etl(seeds, wh)
    after = snapshot(wh)
    assert summary["run"]["files_loaded"] == 2 and summary["run"]["files_unchanged"] == 2
    old_ids = {r[0] for r in before["documents"]}
    new_ids = {r[0] for r in after["documents"]}
    assert old_ids - new_ids == {"0000000000000003"}
    assert len(new_ids - old_ids) == 1
    untouched = {SEED_FILE.split("_")[1][:16], "0000000000000001"}
    for t in CONTENT:
        doc_col = 0 if t == "documents" else 1
        kept_before = [r for r in before[t] if r[doc_col] in untouched]
        assert [r for r in after[t] if r[doc_col] in untouched] == kept_before, t
    [(text,)] = query(wh, "SELECT text FROM documents WHERE doc_id = '0000000000000002'")
    assert "999" in text


def test_bad_files_go_to_rejects_and_the_rest_publishes(run_etl: Any, tmp_path: Path) -> None:
    seeds, wh = make_seeds(tmp_path), tmp_path / "wh"
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "nodate.txt").write_text("Just some text without a header.")
    summary = run_etl(seeds, wh)
    assert summary["run"]["status"] == "published"
    rejects = query(wh, "SELECT source_path, reason FROM rejects ORDER BY 1")
    assert [p for p, _ in rejects] == ["empty.txt", "nodate.txt"]
    assert all(r and r == r.lower() and " " not in r for _, r in rejects)
    assert query(wh, "SELECT count(*) FROM documents") == [(4,)]
    # the next run re-lists the unchanged bad files under its own run_id
    run_etl(seeds, wh)
    assert query(wh, "SELECT count(DISTINCT run_id), count(*) FROM rejects") == [(2, 4)]


def test_failed_audit_keeps_the_previous_state(
    run_etl: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import warehouse.checks as checks

    seeds, wh = make_seeds(tmp_path), tmp_path / "wh"
    run_etl(seeds, wh)
    [(published,)] = query(wh, "SELECT run_id FROM publication")
    (seeds / "more" / "001_0000000000000001.txt").write_text(ARTICLE.format(day=1, n=5, word="bad"))
    broken = checks.Check("injected.always_fails", "error", "fault injection", "SELECT 1")
    monkeypatch.setattr(checks, "INVARIANTS", (*checks.INVARIANTS, broken))
    summary = run_etl(seeds, wh)
    assert summary["run"]["status"] == "audit_failed"
    assert summary["checks"]["failed"] == ["injected.always_fails"]
    assert query(wh, "SELECT run_id FROM publication") == [(published,)]
    [(text,)] = query(wh, "SELECT text FROM documents WHERE doc_id = '0000000000000001'")
    assert "100 new homes" in text
    assert query(wh, "SELECT status, message FROM runs ORDER BY run_id")[-1] == (
        "audit_failed",
        "failed checks: injected.always_fails",
    )
    assert query(
        wh,
        f"SELECT passed FROM quality_results WHERE check_name = 'injected.always_fails' "
        f"AND run_id <> '{published}'",
    ) == [(False,)]


def test_new_pipeline_version_reprocesses_everything(
    run_etl: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.etl

    seeds, wh = make_seeds(tmp_path), tmp_path / "wh"
    run_etl(seeds, wh)
    monkeypatch.setattr(flows.etl, "pipeline_version", lambda: "other-version")
    summary = run_etl(seeds, wh)
    assert (summary["run"]["files_loaded"], summary["run"]["files_unchanged"]) == (4, 0)
    assert query(wh, "SELECT count(*) FROM documents") == [(4,)]


def test_run_publishes_a_markdown_report_artifact(run_etl: Any, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.etl import REPORT_KEY

    seeds, wh = make_seeds(tmp_path), tmp_path / "wh"
    (seeds / "empty.txt").write_bytes(b"")
    run_id = run_etl(seeds, wh)["run"]["run_id"]
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[REPORT_KEY]))
        )
    [report] = [a.data for a in artifacts if run_id in str(a.data)]
    assert isinstance(report, str) and report.startswith(f"# claimhouse run `{run_id}`: **published**")
    assert "| 5 | 4 | 0 | 1 |" in report  # seen, loaded, unchanged, rejected
    assert "| documents | 4 |" in report
    assert "| empty_file | 1 |" in report
    assert "| inputs.accounted | error | pass | 0 |" in report


def test_worker_processes_give_the_same_rows_as_inline(run_etl: Any, tmp_path: Path) -> None:
    seeds = make_seeds(tmp_path)
    run_etl(seeds, tmp_path / "inline", workers=1, batch_size=1)
    run_etl(seeds, tmp_path / "pool", workers=2, batch_size=1)
    inline, pool = snapshot(tmp_path / "inline"), snapshot(tmp_path / "pool")
    assert inline["documents"] and [len(v) for v in inline.values()] == [len(v) for v in pool.values()]
    strip_run = lambda rows: [r[:-1] for r in rows]  # noqa: E731  documents.run_id differs between the two
    assert strip_run(inline["documents"]) == strip_run(pool["documents"])
    assert {t: v for t, v in inline.items() if t != "documents"} == {
        t: v for t, v in pool.items() if t != "documents"
    }


def test_history_and_rollback(run_etl: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from flows.cli import main

    seeds, wh = make_seeds(tmp_path), tmp_path / "wh"
    first = run_etl(seeds, wh, keep=2)["run"]["run_id"]
    (seeds / "more" / "003_0000000000000003.txt").unlink()
    second = run_etl(seeds, wh, keep=2)["run"]["run_id"]
    assert main(["history", "--warehouse", str(wh), "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["run_id"], r["current"], r["documents"]) for r in listed] == [
        (second, True, 3),
        (first, False, 4),
    ]
    assert main(["rollback", first, "--warehouse", str(wh)]) == 0
    assert query(wh, "SELECT run_id FROM publication") == [(first,)]
    assert query(wh, "SELECT count(*) FROM documents") == [(4,)]
    assert main(["check", "--warehouse", str(wh)]) == 0
    assert main(["rollback", "no-such-run", "--warehouse", str(wh)]) == 1
    assert "no snapshot no-such-run" in capsys.readouterr().err
    # the next run compares with the rolled-back state; old snapshots beyond --keep are collected
    third = run_etl(seeds, wh, keep=2)
    assert third["run"]["files_unchanged"] == 3
    # the newest `keep` snapshots by creation stay (the rolled-back-to first one is older than second)
    assert sorted(p.name for p in (wh / "state" / "snapshots").iterdir()) == [second, third["run"]["run_id"]]


def test_incremental_audit_scopes_per_document_checks_to_the_loaded_rows(
    run_etl: Any, tmp_path: Path
) -> None:
    seeds, wh = make_seeds(tmp_path), tmp_path / "wh"
    first = run_etl(seeds, wh)["run"]["run_id"]
    (seeds / "more" / "001_0000000000000001.txt").write_text(ARTICLE.format(day=1, n=5, word="redone"))
    second = run_etl(seeds, wh)["run"]["run_id"]
    scopes = dict(query(wh, f"SELECT check_name, scope FROM quality_results WHERE run_id = '{second}'"))
    assert scopes["sentences.span_text"] == "loaded" and scopes["documents.counts"] == "loaded"
    assert scopes["documents.key_unique"] == "all" and scopes["inputs.accounted"] == "all"
    assert query(
        wh, f"SELECT count(*) FROM quality_results WHERE run_id IN ('{first}', '{second}') AND NOT passed"
    ) == [(0,)]


def test_a_changed_file_rewrites_no_carried_part(run_etl: Any, tmp_path: Path) -> None:
    seeds, wh = make_seeds(tmp_path), tmp_path / "wh"
    first = run_etl(seeds, wh)["run"]["run_id"]
    (seeds / "more" / "002_0000000000000002.txt").write_text(ARTICLE.format(day=2, n=7, word="again"))
    second = run_etl(seeds, wh)["run"]["run_id"]
    snaps = wh / "state" / "snapshots"
    old_parts = {
        p.relative_to(snaps / first): p.stat().st_ino for p in (snaps / first).rglob("part-*.parquet")
    }
    new_parts = {
        p.relative_to(snaps / second): p.stat().st_ino for p in (snaps / second).rglob("part-*.parquet")
    }
    assert all(new_parts[rel] == ino for rel, ino in old_parts.items())  # the same files, hard-linked
    assert (snaps / second / "deleted.parquet").exists()
    assert query(wh, "SELECT count(*) FROM documents WHERE doc_id = '0000000000000002'") == [(1,)]
    # the replaced version's child rows are hidden too: one set of paragraphs, not two
    assert query(wh, "SELECT count(*) FROM paragraphs WHERE doc_id = '0000000000000002'") == [(2,)]
    [(text,)] = query(wh, "SELECT text FROM documents WHERE doc_id = '0000000000000002'")
    assert "7 new homes" in text
