"""PDF reports are built in worker processes: the same report as in the server, on another core,
and a worker that dies is replaced without taking the app down."""

from __future__ import annotations

import functools
import os
import subprocess
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from pia_core.demos import load_demo
from pia_core.pdf_pool import WORKERS_ENV, PdfPool, activity_pdf, organisation_pdf, worker_count


@pytest.fixture(scope="module")
def workers() -> Iterator[PdfPool]:
    pool = PdfPool(1)
    yield pool
    pool.close()


def text_of(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_report_is_built_in_another_process_and_reads_as_one_built_here(
    workers: PdfPool, tmp_path: Path
) -> None:
    assert workers.run(os.getpid) != os.getpid()
    snapshot = load_demo("zorg-patientbrieven").assessment
    there = workers.run(functools.partial(activity_pdf, snapshot, "nl"))
    here = activity_pdf(snapshot, "nl")
    assert there.startswith(b"%PDF")
    assert text_of(there, tmp_path, "there") == text_of(here, tmp_path, "here")


def test_the_organisation_report_is_built_there_too(workers: PdfPool, tmp_path: Path) -> None:
    dossier = load_demo("gemeente-organisatie").dossier
    pdf = workers.run(functools.partial(organisation_pdf, dossier, "en"))
    assert dossier.organisation.name in text_of(pdf, tmp_path, "organisation")


def test_a_worker_that_dies_is_replaced(workers: PdfPool) -> None:
    with pytest.raises(BrokenProcessPool):  # tried twice, in two workers, then reported
        workers.run(functools.partial(os._exit, 3))
    assert workers.run(os.getpid) != os.getpid(), "the next report is built again"


def test_without_workers_the_report_is_built_in_the_calling_thread() -> None:
    assert PdfPool(0).run(os.getpid) == os.getpid()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0), ("3", 3), ("99", 8), ("-1", 0), ("veel", None), ("", None)],
)
def test_the_number_of_workers_comes_from_the_environment(
    value: str, expected: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKERS_ENV, value)
    default = max(1, min(2, os.cpu_count() or 1))
    assert worker_count() == (default if expected is None else expected)
