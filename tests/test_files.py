"""Files: nothing a user wrote is deleted or overwritten, writes are atomic, modes are kept, odd targets refused."""
import errno
import os
import stat

import pytest

import symflow.documents.files as files
from symflow.cli.main import main
from symflow.core.errors import SymflowError
from symflow.documents import write_atomic
from symflow.documents.regenerate import MARKER, check_output, stale_documents, write_documents

GENERATED = f"# x\n\n<!-- {MARKER}; do not edit -->\n"


def test_user_files_are_never_listed_as_stale_nor_removed(tmp_path, capsys, monkeypatch):
    import symflow.documents.regenerate as regenerate

    everything = regenerate.entries()
    monkeypatch.setattr(regenerate, "entries", lambda: {"gradient-descent": everything["gradient-descent"]})
    (tmp_path / "mypaper.tex").write_text("x\n")
    (tmp_path / "notes.md").write_text("mine\n")
    (tmp_path / "old-entry.md").write_text(GENERATED)
    assert main(["regenerate", "--out", str(tmp_path), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "mypaper.tex").read_text() == "x\n" and (tmp_path / "notes.md").read_text() == "mine\n"
    assert "mypaper" not in out and "notes" not in out
    assert "removed" in out and not (tmp_path / "old-entry.md").exists()
    assert (tmp_path / "gradient-descent.tex").read_text().startswith(f"% {MARKER}")


def test_a_user_file_with_a_document_name_is_not_overwritten(tmp_path):
    (tmp_path / "README.md").write_text("my project\n")
    with pytest.raises(SymflowError, match="not written by `symflow regenerate`"):
        write_documents({"README.md": GENERATED}, tmp_path)
    assert (tmp_path / "README.md").read_text() == "my project\n"
    (tmp_path / "a.md").write_text(GENERATED)
    assert write_documents({"a.md": GENERATED + "new\n"}, tmp_path) == [tmp_path / "a.md"]


def test_regenerate_out_onto_a_file_or_a_directory_named_readme_is_one_line(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    assert main(["regenerate", "--out", str(target)]) == 2
    assert "not a folder" in capsys.readouterr().err and target.read_text() == "x"
    (tmp_path / "d" / "README.md").mkdir(parents=True)
    assert main(["regenerate", "--out", str(tmp_path / "d")]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_a_full_disk_leaves_every_document_as_it_was(tmp_path, monkeypatch):
    docs = {f"{i}.md": GENERATED + f"{i}\n" for i in range(5)}
    write_documents(docs, tmp_path)
    before = {p.name: p.read_text() for p in tmp_path.iterdir()}
    written = []
    real = files._temporary

    def full(target, content):
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(target)
        return real(target, content)
    monkeypatch.setattr(files, "_temporary", full)
    with pytest.raises(SymflowError, match="No space left on device.*nothing was changed"):
        write_documents({name: text + "changed\n" for name, text in docs.items()}, tmp_path)
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == before


def test_a_read_only_folder_is_one_line(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")
    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    with pytest.raises(SymflowError, match="Read-only file system"):
        write_documents({"a.md": GENERATED}, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_modes_are_kept_and_new_files_get_the_umask_mode(tmp_path):
    old = os.umask(0o022)
    try:
        new = write_atomic(tmp_path / "new.txt", "a")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        existing = tmp_path / "existing.txt"
        existing.write_text("x")
        existing.chmod(0o640)
        write_atomic(existing, "y")
        assert stat.S_IMODE(existing.stat().st_mode) == 0o640 and existing.read_text() == "y"
    finally:
        os.umask(old)


def test_export_keeps_a_0644_file_and_writes_through_a_symlink(tmp_path, capsys):
    real = tmp_path / "real.tex"
    real.write_text("old")
    real.chmod(0o644)
    link = tmp_path / "link.tex"
    link.symlink_to(real)
    assert main(["export", "gradient-descent", "--latex", str(link), "--bare"]) == 0
    assert link.is_symlink() and real.read_text().startswith(r"\begin{align*}")
    assert stat.S_IMODE(real.stat().st_mode) == 0o644


def test_a_device_or_directory_is_never_replaced(tmp_path, capsys):
    assert main(["export", "gradient-descent", "--latex", "/dev/null", "--bare"]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    with pytest.raises(SymflowError, match="is a directory"):
        write_atomic(tmp_path, "x")


def test_plot_format_comes_from_the_suffix(tmp_path, capsys):
    bad = tmp_path / "p.txt"
    assert main(["simulate", "nesterov", "--objective", "x1**2", "--x0", "1", "--t", "1", "--plot", str(bad)]) == 2
    assert ".png, .pdf, .svg" in capsys.readouterr().err and not bad.exists()
    svg = tmp_path / "p.svg"
    assert main(["simulate", "nesterov", "--objective", "x1**2", "--x0", "1", "--t", "1", "--plot", str(svg)]) == 0
    assert "<svg" in svg.read_text()


def test_check_output_before_any_work(tmp_path):
    assert check_output(tmp_path / "new" / "deeper", ["README.md"]) == tmp_path / "new" / "deeper"
    assert stale_documents({}, tmp_path / "missing") == []
