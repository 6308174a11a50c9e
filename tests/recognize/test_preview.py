"""The review's picture of an OFD's first page is drawn only in a font that has the page's characters: the machine's
CJK fonts, else a font the OFD embeds; with neither there is no picture rather than a page of empty boxes."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from recognize import preview
from tests.fixtures.einvoices import ofd

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Latin glyphs only
NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # fonts-noto-cjk (Makefile)
LATIN_PAGE = [(30, 40, 16, "INVOICE"), (30, 90, 9, "No. 26312000000123456789"), (30, 290, 9, "Total 120.00")]


@pytest.fixture
def machine_fonts(monkeypatch):
    """Make the machine's fonts the given files, answering fontconfig's commands as fontconfig would."""

    def only(*files: Path) -> None:
        listed = "".join(f"{f}: \n" for f in files)

        def fontconfig(args, **_kwargs):
            out = listed if args[0] == "fc-list" else str(files[0]) if files else ""
            return subprocess.CompletedProcess(args, 0, stdout=out, stderr="")

        monkeypatch.setattr(preview, "FONT_FILES", ())
        monkeypatch.setattr(preview.subprocess, "run", fontconfig)
        preview.system_fonts.cache_clear()

    yield only
    preview.system_fonts.cache_clear()


def dark_pixels(png: bytes) -> int:
    """How many pixels of the picture carry ink."""
    picture = Image.open(io.BytesIO(png)).convert("L")
    return sum(picture.histogram()[:128])


def test_an_ofd_page_is_drawn_with_the_cjk_font_the_makefile_installs():
    if not NOTO.is_file():
        pytest.skip("fonts-noto-cjk is not installed")
    preview.system_fonts.cache_clear()
    assert str(NOTO) in preview.system_fonts()
    png = preview.first_page_png(ofd(), "ofd")
    assert png is not None and dark_pixels(png) > 2000


def test_a_machine_whose_only_font_has_no_chinese_gives_no_preview_instead_of_empty_boxes(machine_fonts, caplog):
    if not DEJAVU.is_file():
        pytest.skip("DejaVu Sans is not installed")
    machine_fonts(DEJAVU)  # what fc-match offers for zh on a machine without CJK fonts
    with caplog.at_level("INFO", logger="recognize.preview"):
        assert preview.first_page_png(ofd(), "ofd") is None
    assert "no font draws" in caplog.text  # decided, not an error swallowed


def test_a_font_the_ofd_embeds_draws_its_page_when_the_machine_has_none(machine_fonts):
    if not DEJAVU.is_file():
        pytest.skip("DejaVu Sans is not installed")
    machine_fonts()
    embedded = {"Doc_0/Res/font_1.ttf": DEJAVU.read_bytes()}
    png = preview.first_page_png(ofd(lines=LATIN_PAGE, members=embedded), "ofd")
    assert png is not None and dark_pixels(png) > 200
    # The same embedded font cannot draw a Chinese page: no picture.
    assert preview.first_page_png(ofd(members=embedded), "ofd") is None


def test_a_font_covers_a_page_only_when_it_draws_its_characters():
    if not (DEJAVU.is_file() and NOTO.is_file()):
        pytest.skip("DejaVu Sans or Noto Sans CJK is not installed")
    page = set("电子发票（普通发票）价税合计")
    assert preview.covers(ImageFont.truetype(str(NOTO), 24), page)
    assert not preview.covers(ImageFont.truetype(str(DEJAVU), 24), page)
    assert preview.covers(ImageFont.truetype(str(DEJAVU), 24), set("Total 120.00"))
