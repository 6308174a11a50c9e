"""A one-page PDF with a text layer and no embedded font: the shape of receipts that ride and freight apps
send (text in a CJK font every PDF reader knows by name, STSong-Light through the UniGB-UCS2-H encoding).

Written by hand (no PDF library is needed for a page of text lines); `pdf(lines)` gives the file's bytes.
"""

from __future__ import annotations


def _stream(body: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


def _width(text: str, size: float) -> float:
    """The text's width in pt in the font's metrics (ASCII half an em, the rest a whole em)."""
    return sum(size / 2 if ch.isascii() else size for ch in text)


def pdf(lines: list[tuple], width: float = 595, height: float = 842) -> bytes:
    """The bytes of a PDF page of `width` × `height` pt holding `lines`: (x, y from the top, size in pt, text) and
    optionally an anchor ('l', 'm' or 'r': where x is on the line)."""
    content = []
    for x, y, size, text, *anchor in lines:
        shift = {"m": 0.5, "r": 1.0}.get(anchor[0] if anchor else "l", 0.0)
        x -= shift * _width(text, size)
        hexed = text.encode("utf-16-be").hex().upper()
        content.append(f"BT /F1 {size:g} Tf {x:.1f} {height - y:.1f} Td <{hexed}> Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:g} {height:g}] "
            "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
        ).encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        _stream("\n".join(content).encode()),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R "
        b"/DW 1000 /W [1 95 500] >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
