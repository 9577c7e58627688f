"""One exception hierarchy for the whole pipeline, mapped to CLI exit codes.

Every message says what is wrong with which file and, where there is one, how to fix it.
The library raises these; only the CLI turns them into one line on stderr and an exit code.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    ok = 0
    internal = 1           # a bug: the traceback is kept in a file the line names
    usage = 2
    input_file = 3
    unsupported_format = 4
    encrypted_pdf = 5
    image_too_large = 6
    missing_dependency = 7
    engine_failed = 8
    config = 9
    partial_failure = 10
    index_unavailable = 11
    workflow = 12
    ledger = 13
    interrupted = 130


class CongvanError(Exception):
    """Base class. ``exit_code`` is what the CLI returns; ``reason`` is a short machine-readable slug."""

    exit_code: ExitCode = ExitCode.input_file
    reason: str = "error"

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputFileError(CongvanError):
    """The input file cannot be read as a document (empty, truncated, corrupt, no pages)."""

    exit_code = ExitCode.input_file
    reason = "bad-input"


class EmptyFileError(InputFileError):
    reason = "empty-file"


class CorruptFileError(InputFileError):
    reason = "corrupt-file"


class NoPagesError(InputFileError):
    reason = "no-pages"


class UnsupportedFormatError(InputFileError):
    exit_code = ExitCode.unsupported_format
    reason = "unsupported-format"


class EncryptedPdfError(InputFileError):
    exit_code = ExitCode.encrypted_pdf
    reason = "encrypted-pdf"


class ImageTooLargeError(InputFileError):
    exit_code = ExitCode.image_too_large
    reason = "image-too-large"


class MissingDependencyError(CongvanError):
    exit_code = ExitCode.missing_dependency
    reason = "missing-dependency"


class OcrEngineError(CongvanError):
    exit_code = ExitCode.engine_failed
    reason = "ocr-engine-failed"


class ConfigError(CongvanError):
    exit_code = ExitCode.config
    reason = "config"


class IndexUnavailableError(CongvanError):
    """The search index (Elasticsearch) cannot be reached; the ledger still holds every record
    and its index operation waits in the outbox."""

    exit_code = ExitCode.index_unavailable
    reason = "index-unavailable"


class IndexOutdatedError(IndexUnavailableError):
    """The Elasticsearch index was made by an older congvan (it lacks fields this one needs):
    `congvan reindex` rebuilds it from the ledger; the operations wait in the outbox till then."""
    reason = "index-outdated"


class WorkflowError(CongvanError):
    """The workflow engine (Prefect's API) cannot be reached or started; no file was taken."""

    exit_code = ExitCode.workflow
    reason = "workflow-unavailable"


class LedgerWriteError(CongvanError):
    """The ledger (the system of record under ``CONGVAN_HOME``) cannot be written: the disk is
    full, the folder read-only, the file unreachable. Nothing was committed."""

    exit_code = ExitCode.ledger
    reason = "ledger-unwritable"


class NotPermittedError(CongvanError):
    """A person tried a step their role does not take (a clerk directing, a unit closing another
    unit's document). What they may not see is never named: that is "no such record"."""
    exit_code = ExitCode.usage
    reason = "not-permitted"


class NoSuchRecordError(InputFileError):
    """No record by that id, or none the person may see: the two are one answer on purpose."""
    reason = "no-such-record"
