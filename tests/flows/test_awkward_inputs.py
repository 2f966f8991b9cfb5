"""Every input accounted for: a seeds folder of awkward and bad files, each with its expected outcome."""

from __future__ import annotations

import codecs
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from tests.conftest import query

BODY = "The council approved 120 homes, the mayor said.\n\nIt was the “first” vote."
APOSTROPHES = "It’s the council’s vote, the mayor’s office said."

# file name -> (bytes, expected: a date "YYYY-MM-DD" for a loaded file, or a reject reason)
CASES: dict[str, tuple[bytes, str]] = {
    "crlf.txt": (b" date 2024-06-26 Line one.\r\n\r\nLine two.\r\n", "2024-06-26"),
    "cr.txt": (b" date 2024-06-26 Line one.\r\rLine two.", "2024-06-26"),
    "bom.txt": (codecs.BOM_UTF8 + f" date 2024-06-26 {BODY}".encode(), "2024-06-26"),
    "utf16.txt": (f" date 2024-06-26 {BODY}".encode("utf-16"), "2024-06-26"),
    "cp1252.txt": (f" date 2024-06-26 {BODY}".encode("cp1252"), "2024-06-26"),
    "mojibake.txt": (f" date 2024-06-26 {APOSTROPHES}".encode().decode("cp1252").encode(), "2024-06-26"),
    "nfd.txt": (unicodedata.normalize("NFD", " date 2024-06-26 Café société.").encode(), "2024-06-26"),
    "colon.txt": (f"date: June 26, 2024 {BODY}".encode(), "2024-06-26"),
    "dmy.txt": (f"Date 26 Jun 2024 {BODY}".encode(), "2024-06-26"),
    "iso-time.txt": (f"date 2024-06-26T14:30:00Z {BODY}".encode(), "2024-06-26"),
    "slashes.txt": (f"date 2024/06/26 {BODY}".encode(), "2024-06-26"),
    "own-line.txt": (f"date 2024-06-26\n\n{BODY}".encode(), "2024-06-26"),
    "padded.txt": (f"  date 2024-06-26  {BODY}   \n\n".encode(), "2024-06-26"),
    "a name with spaces.txt": (f" date 2024-06-26 {BODY} Spaces.".encode(), "2024-06-26"),
    "nested/deeper/article.md": (f" date 2023-01-02 {BODY} Nested.".encode(), "2023-01-02"),
    "ws-separators.txt": (b" date 2024-06-26 First paragraph.\n \t \nSecond paragraph.", "2024-06-26"),
    "one-paragraph.txt": (b" date 2024-06-26 Just one paragraph here.", "2024-06-26"),
    "large.txt": (  # 2 MB: 2,500 paragraphs of about 860 characters
        (" date 2024-06-26 " + "\n\n".join([BODY.replace("\n\n", " ") * 12] * 2_500)).encode(),
        "2024-06-26",
    ),
    "copy-of-crlf.txt": (b" date 2024-06-26 Line one.\n\nLine two.", "2024-06-26"),
    "empty.txt": (b"", "empty_file"),
    "header-only.txt": (b" date 2024-06-26   \n", "empty_body"),
    "binary.bin": (bytes(range(256)) * 4, "binary_content"),
    ".DS_Store": (b"\x00\x00\x00\x01Bud1" + b"\x00" * 64, "binary_content"),
    "no-date.txt": (BODY.encode(), "missing_date"),
    "impossible.txt": (f" date 2024-13-45 {BODY}".encode(), "invalid_date"),
    "future.txt": (f" date 2999-01-01 {BODY}".encode(), "future_date"),
    "ancient.txt": (f" date 1700-01-01 {BODY}".encode(), "date_out_of_range"),
    "ambiguous.txt": (f" date 06/07/2024 {BODY}".encode(), "ambiguous_date"),
    "a/001_00000000000000aa.txt": (f" date 2024-01-01 {BODY} A.".encode(), "2024-01-01"),
    "b/001_00000000000000aa.txt": (f" date 2024-01-01 {BODY} B.".encode(), "duplicate_doc_id"),
}


@pytest.fixture(scope="module")
def awkward(run_etl: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("awkward")
    seeds, wh = root / "seeds", root / "wh"
    for name, (data, _) in CASES.items():
        (seeds / name).parent.mkdir(parents=True, exist_ok=True)
        (seeds / name).write_bytes(data)
    (root / "outside.txt").write_text(f" date 2024-06-26 {BODY} SECRET-OUTSIDE")
    os.symlink(root / "outside.txt", seeds / "link-out.txt")
    os.symlink(root, seeds / "dir-link")
    return wh, run_etl(seeds, wh)


def test_every_file_is_loaded_or_rejected_as_expected(awkward: tuple[Path, dict[str, Any]]) -> None:
    wh, summary = awkward
    assert summary["run"]["status"] == "published"
    loaded = dict(query(wh, "SELECT source_path, CAST(published_date AS VARCHAR) FROM documents"))
    rejected = dict(query(wh, "SELECT source_path, reason FROM rejects"))
    got = {**loaded, **rejected}
    expected = {name: outcome for name, (_, outcome) in CASES.items()} | {
        "link-out.txt": "symlink",
        "dir-link": "symlink",
    }
    assert got == expected
    assert not set(loaded) & set(rejected)
    assert summary["run"]["files_seen"] == len(expected)
    details = [d for (d,) in query(wh, "SELECT detail FROM rejects")]
    assert all(d and d.endswith(".") for d in details)


def test_loaded_text_is_clean(awkward: tuple[Path, dict[str, Any]]) -> None:
    wh, _ = awkward
    texts = dict(query(wh, "SELECT source_path, text FROM documents"))
    assert texts["crlf.txt"] == texts["cr.txt"] == "Line one.\n\nLine two."
    for name in ("bom.txt", "utf16.txt", "cp1252.txt", "colon.txt", "own-line.txt"):
        assert texts[name] == BODY, name
    assert texts["mojibake.txt"] == APOSTROPHES
    assert texts["nfd.txt"] == unicodedata.normalize("NFC", "Café société.")
    assert not any("\r" in t or t != t.rstrip() for t in texts.values())
    assert query(wh, "SELECT date_raw FROM documents WHERE source_path = 'colon.txt'") == [("June 26, 2024",)]


def test_nothing_outside_the_seeds_folder_is_read(awkward: tuple[Path, dict[str, Any]]) -> None:
    wh, _ = awkward
    assert query(wh, "SELECT count(*) FROM documents WHERE text LIKE '%SECRET-OUTSIDE%'") == [(0,)]
    assert query(wh, "SELECT count(*) FROM documents WHERE source_path LIKE 'dir-link%'") == [(0,)]


def test_segmentation_of_awkward_layouts(awkward: tuple[Path, dict[str, Any]]) -> None:
    wh, _ = awkward
    per_doc = dict(query(wh, "SELECT source_path, n_paragraphs FROM documents"))
    assert per_doc["ws-separators.txt"] == 2 and per_doc["one-paragraph.txt"] == 1
    assert per_doc["large.txt"] == 2_500
    assert query(wh, "SELECT n_chars > 2_000_000 FROM documents WHERE source_path = 'large.txt'") == [(True,)]


def test_duplicates_are_accounted_and_queryable(
    awkward: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    wh, summary = awkward
    dups = query(wh, "SELECT source_path, duplicate_of_path FROM document_duplicates ORDER BY 1")
    assert ("crlf.txt", "copy-of-crlf.txt") in dups or ("copy-of-crlf.txt", "cr.txt") in dups
    assert "documents.duplicate_text" in summary["checks"]["warnings"]
    [(detail,)] = query(wh, "SELECT detail FROM rejects WHERE reason = 'duplicate_doc_id'")
    assert "a/001_00000000000000aa.txt" in detail
    assert main(["check", "--warehouse", str(wh)]) == 0
    capsys.readouterr()
