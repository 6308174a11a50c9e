"""multipart/form-data bodies (the page's bill upload) read by python-multipart's streaming parser.

The body is fed to the parser in chunks and only the wanted file part is kept; the file's byte cap is enforced
as its bytes arrive (refused the moment it is passed), and a body of many parts, or of more than one file, is
refused before it costs more than a few kilobytes of parsing each.
"""

from __future__ import annotations

import azure.functions as func
from python_multipart.multipart import MultipartParseError, MultipartParser, parse_options_header

from records.errors import BadRequest, TooLarge

MAX_BILL_BYTES = 10 * 1024 * 1024
# The file, plus room for a browser's other fields; far more is not a bill upload.
MAX_BODY_BYTES = MAX_BILL_BYTES + 64 * 1024
MAX_PARTS = 4
CHUNK = 64 * 1024


class _Form:
    """Parser callbacks that keep the one file part called `name` and count everything else."""

    def __init__(self, name: str):
        self.name = name.encode()
        self.parts = 0
        self.files = 0
        self.header_field = bytearray()
        self.header_value = bytearray()
        self.disposition = b""
        self.keeping = False
        self.data = bytearray()
        self.filename: str | None = None
        self.found = False
        self.ended = False

    def callbacks(self) -> dict:
        """The callback table MultipartParser expects."""
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": lambda data, start, end: self.header_field.extend(data[start:end]),
            "on_header_value": lambda data, start, end: self.header_value.extend(data[start:end]),
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
            "on_end": self.end,
        }

    def part_begin(self) -> None:
        """A new part: refuse past MAX_PARTS."""
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise BadRequest(f"more than {MAX_PARTS} parts")
        self.disposition = b""

    def header_end(self) -> None:
        """One header of the part read; only Content-Disposition matters."""
        if bytes(self.header_field).strip().lower() == b"content-disposition":
            self.disposition = bytes(self.header_value)
        self.header_field.clear()
        self.header_value.clear()

    def headers_finished(self) -> None:
        """The part's headers are in: keep its bytes if it is the wanted field; at most one file part."""
        _kind, options = parse_options_header(self.disposition)
        if b"filename" in options:
            self.files += 1
            if self.files > 1:
                raise BadRequest("more than one file")
        self.keeping = options.get(b"name") == self.name and not self.found
        if self.keeping:
            self.filename = options.get(b"filename", b"").decode("utf-8", "replace")

    def part_data(self, data: bytes, start: int, end: int) -> None:
        """Bytes of the part: kept for the wanted field, refused as soon as they pass the cap."""
        if not self.keeping:
            return
        if len(self.data) + (end - start) > MAX_BILL_BYTES:
            raise TooLarge(f"more than {MAX_BILL_BYTES} bytes", code="bill_too_large")
        self.data.extend(data[start:end])

    def part_end(self) -> None:
        """The part is complete."""
        if self.keeping:
            self.found = True
            self.keeping = False

    def end(self) -> None:
        """The closing boundary was read."""
        self.ended = True


def form_file(req: func.HttpRequest, name: str = "file") -> tuple[str, bytes]:
    """(filename, bytes) of the multipart/form-data part called `name`; raises BadRequest or TooLarge."""
    kind, options = parse_options_header(req.headers.get("content-type") or "")
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise BadRequest("expected multipart/form-data", code="file_required")
    declared = req.headers.get("content-length") or ""
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise TooLarge(f"{declared} bytes declared", code="bill_too_large")
    body = req.get_body() or b""
    if len(body) > MAX_BODY_BYTES:
        raise TooLarge(f"{len(body)} bytes", code="bill_too_large")
    form = _Form(name)
    try:
        parser = MultipartParser(boundary, form.callbacks())
        view = memoryview(body)
        for offset in range(0, len(body), CHUNK):
            parser.write(bytes(view[offset : offset + CHUNK]))
        parser.finalize()
    except (MultipartParseError, ValueError) as exc:
        raise BadRequest(f"malformed multipart body: {exc}") from exc
    if not form.ended:
        raise BadRequest("multipart body cut short")
    if not form.found:
        raise BadRequest(f"no form field {name!r}", code="file_required")
    return form.filename or "", bytes(form.data)
