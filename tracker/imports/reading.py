"""What an upload holds: one JSON document, a CSV set, or a .zip of either.

A CSV set becomes a document through the CSV reader, which also remembers
the file and row of each part, so problems can be pointed back at them.
"""

from __future__ import annotations

import lzma
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path, PurePath

from tracker.interchange.csv_reader import DATA_FILES, Where, read_csv_set
from tracker.interchange.csv_tables import ABOUT_FILE
from tracker.interchange.importer import ImportFailed, document_from_json
from tracker.interchange.shape import Problem

# What a damaged or forged archive raises: bad headers or checksums, a broken compressed
# stream, a member that ends early, an unknown compression method (zipfile raises a subclass
# of RuntimeError for it), a password.
UNREADABLE_ZIP = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    RuntimeError,
    ValueError,
)
WHAT_TO_UPLOAD = (
    "Upload one .json interchange file, the .csv files of a CSV set ("
    + ", ".join(DATA_FILES)
    + "), or a .zip holding either."
)


@dataclass
class Upload:
    name: str
    document: dict
    # (index path of a part of the document, file, row) for a CSV set; see csv_reader.Where.
    rows: list = field(default_factory=list)


def read_upload(files: list[tuple[str, bytes]], max_bytes: int) -> Upload:
    """The uploaded (file name, content) pairs as one document; ImportFailed if they are not."""
    if len(files) == 1 and _suffix(files[0][0]) == ".zip":
        files = _unzipped(*files[0], max_bytes)
    suffixes = {_suffix(name) for name, _ in files}
    if len(files) == 1 and suffixes == {".json"}:
        return Upload(files[0][0], document_from_json(*files[0]))
    if files and suffixes == {".csv"}:
        return _csv_set(files)
    raise ImportFailed([Problem("", WHAT_TO_UPLOAD)])


def _suffix(name: str) -> str:
    return PurePath(name).suffix.lower()


def _unzipped(name: str, content: bytes, max_bytes: int) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(BytesIO(content))
    except UNREADABLE_ZIP as error:
        raise ImportFailed([Problem(name, "is not a readable .zip file.")]) from error
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and _suffix(info.filename) in (".json", ".csv")
            and not PurePath(info.filename).name.startswith(".")
        ]
        # The declared sizes are checked before anything is unpacked: a small zip can hold
        # gigabytes of zeros. Unpacking stops at the declared size, and a size that lies
        # fails the checksum.
        if sum(info.file_size for info in members) > max_bytes:
            raise ImportFailed([Problem(name, "unpacks to more than the upload limit.")])
        return [(PurePath(info.filename).name, _member(name, archive, info)) for info in members]


def _member(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        return archive.read(info)
    except UNREADABLE_ZIP as error:
        raise ImportFailed(
            [
                Problem(
                    name,
                    f"cannot be unpacked: {info.filename} is damaged "
                    f"or packed in a way the tracker cannot read "
                    f"({error}).",
                )
            ]
        ) from error


def _csv_set(files: list[tuple[str, bytes]]) -> Upload:
    names = [PurePath(name).name for name, _ in files]
    unknown = [name for name in names if name not in (*DATA_FILES, "parties.csv", ABOUT_FILE)]
    if unknown:
        raise ImportFailed(
            [
                Problem(name, "is not a file of a CSV set; expected " + ", ".join(DATA_FILES) + ".")
                for name in unknown
            ]
        )
    # The CSV reader reads a folder, as the command line gives it one.
    with tempfile.TemporaryDirectory(prefix="tracker-import-") as folder:
        for name, (_, content) in zip(names, files, strict=True):
            (Path(folder) / name).write_bytes(content)
        document, where = read_csv_set(Path(folder))
    rows = [[list(part), file, row] for part, (file, row) in where.rows.items()]
    return Upload("CSV set (" + ", ".join(sorted(names)) + ")", document, rows)


def where_of(rows: list) -> Where:
    """The CSV reader's map of parts to files and rows, as kept with a staged upload."""
    where = Where()
    where.rows = {tuple(part): (file, row) for part, file, row in rows}
    return where
