"""Folder pick-up: each file is read, handed over, then moved to done/ or failed/ beside it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from toasoan.ingest.fetchers import (
    DONE,
    FAILED,
    MAX_DOCUMENT_BYTES,
    MAX_FILES_PER_POLL,
    Document,
    FetchError,
    too_large,
)

Handler = Callable[[Document], bool]  # returns whether the document went in without error


def _unique(target: Path) -> Path:
    n = 1
    candidate = target
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}.{n}{target.suffix}")
        n += 1
    return candidate


def pick_up(path: str, handle: Handler, *, limit: int = MAX_DOCUMENT_BYTES) -> list[str]:
    """Process the folder's files (oldest first); returns the errors of files too big to read."""
    folder = Path(path)
    if not folder.is_dir():
        raise FetchError(f"the folder {path} does not exist or is not a folder")
    files = sorted(
        (p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")),
        key=lambda p: (p.stat().st_mtime, p.name),
    )[:MAX_FILES_PER_POLL]
    errors = []
    for file in files:
        ok = False
        try:
            size = file.stat().st_size
            if size > limit:
                raise too_large(size, limit)
            with file.open("rb") as stream:
                data = stream.read(limit + 1)
            if len(data) > limit:
                raise too_large(len(data), limit)
            ok = handle(Document(file.name, data))
        except FetchError as exc:
            errors.append(f"{file.name}: {exc.message}")
        except OSError as exc:
            errors.append(f"{file.name}: {exc.strerror or exc}")
        target_dir = folder / (DONE if ok else FAILED)
        target_dir.mkdir(exist_ok=True)
        try:
            file.rename(_unique(target_dir / file.name))
        except OSError as exc:
            errors.append(f"{file.name}: could not be moved to {target_dir.name}/: {exc.strerror}")
    return errors
