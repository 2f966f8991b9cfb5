"""Discovery never follows links, keeps paths relative, and settles doc_id conflicts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from warehouse.seeds import discover, read_seed


def test_discovery_lists_nested_files_sorted_and_rejects_links(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "sub" / "deeper").mkdir(parents=True)
    (seeds / "b.txt").write_text("x")
    (seeds / "sub" / "deeper" / "a name.txt").write_text("x")
    outside = tmp_path / "secret.txt"
    outside.write_text("never read")
    os.symlink(outside, seeds / "link.txt")
    os.symlink(tmp_path, seeds / "dirlink")
    found = discover(seeds)
    assert found.files == ["b.txt", "sub/deeper/a name.txt"]
    assert sorted((p, r) for p, r, _ in found.rejects) == [("dirlink", "symlink"), ("link.txt", "symlink")]
    assert found.seen == 4


def test_same_doc_id_in_two_folders_keeps_the_first_and_explains(tmp_path: Path) -> None:
    name = "001_00000000000000aa.txt"
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / name).write_text(d)
    found = discover(tmp_path)
    assert found.files == [f"a/{name}"]
    [(path, reason, detail)] = found.rejects
    assert (path, reason) == (f"b/{name}", "duplicate_doc_id")
    assert f"a/{name}" in detail


def test_read_seed_refuses_a_link_swapped_in_after_discovery(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_bytes(b"abc")
    assert read_seed(tmp_path, "real.txt") == b"abc"
    os.symlink(tmp_path / "real.txt", tmp_path / "link.txt")
    with pytest.raises(OSError):
        read_seed(tmp_path, "link.txt")


@pytest.mark.parametrize("size", [0, 1, 4096, 3 << 20])
def test_read_seed_returns_every_byte(tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    (tmp_path / "a.txt").write_bytes(data)
    assert read_seed(tmp_path, "a.txt") == data


def test_read_seed_reads_what_a_special_file_streams(tmp_path: Path) -> None:
    """fstat gives 0 bytes for /proc files: the read goes on to the end anyway."""
    assert read_seed(Path("/proc/self"), "status").startswith(b"Name:")
