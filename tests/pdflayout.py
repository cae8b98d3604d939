"""What a printed page looks like, read back from the PDF with PDFium (pypdfium2).

PDFium is the engine that draws PDFs in Chromium, so the boxes measured here are the ones a
reader sees. Sizes in points (1/72 in), coordinates from the page's top-left corner.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MM = 72 / 25.4


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlap(self, other: Box) -> float:
        """The area both boxes cover."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return width * height if width > 0 and height > 0 else 0.0


@dataclass(frozen=True)
class Line:
    """One run of text on one line, as PDFium groups it."""

    text: str
    box: Box
    size: float  # the smallest font size of its letters, as printed (scaled by the page's matrix)


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    width: float
    height: float
    lines: list[Line]
    drawings: list[Box]  # photos and vector drawings (QR codes, charts) placed on the page
    bottom: float  # the lowest ink on the page: text, rules, backgrounds, pictures


def _char_size(textpage: pdfium.PdfTextPage, index: int) -> float:
    """The letter's size as printed: PDFium's font size times the scale of its text matrix."""
    size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
    matrix = pdfium_c.FS_MATRIX()
    if pdfium_c.FPDFText_GetMatrix(textpage.raw, index, ctypes.byref(matrix)):
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        if scale > 0:
            size *= scale
    return size


def _lines(textpage: pdfium.PdfTextPage, height: float) -> list[Line]:
    count = textpage.count_chars()
    sizes = [_char_size(textpage, i) for i in range(count)]
    boxes = [textpage.get_charbox(i) for i in range(count)]
    found = []
    for index in range(textpage.count_rects(0, count)):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top).strip()
        if not text:
            continue
        inside = [
            sizes[i]
            for i, (cl, cb, cr, ct) in enumerate(boxes)
            if cl >= left - 0.5 and cr <= right + 0.5 and cb >= bottom - 0.5 and ct <= top + 0.5 and cr > cl
        ]
        size = min(inside) if inside else 0.0
        found.append(Line(text, Box(left, height - top, right, height - bottom), size))
    return found


QR_SEGMENTS = 100  # a path this detailed is a drawing (QR code), not a box or a rule


def _paper_only(obj: pdfium.PdfObject) -> bool:
    """A path filled white and not stroked: the page's own background, no ink."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
    if stroke.value:
        return False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    pdfium_c.FPDFPageObj_GetFillColor(obj.raw, *(ctypes.byref(x) for x in (r, g, b, a)))
    return min(r.value, g.value, b.value) >= 250 or a.value == 0


def _drawings(page: pdfium.PdfPage, height: float) -> tuple[list[Box], float]:
    """(photos and detailed drawings such as QR codes, the lowest point anything is drawn at)."""
    pictures, lowest = [], 0.0
    for obj in page.get_objects(max_depth=4):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            continue  # its contents are visited one by one
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH and _paper_only(obj):
            continue
        left, bottom, right, top = obj.get_bounds()
        box = Box(left, height - top, right, height - bottom)
        lowest = max(lowest, box.bottom)
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE or (
            obj.type == pdfium_c.FPDF_PAGEOBJ_PATH and pdfium_c.FPDFPath_CountSegments(obj.raw) >= QR_SEGMENTS
        ):
            pictures.append(box)
    return pictures, lowest


def pages(path: Path) -> list[Page]:
    document = pdfium.PdfDocument(path)
    try:
        found = []
        for number in range(len(document)):
            page = document[number]
            width, height = page.get_size()
            textpage = page.get_textpage()
            lines = _lines(textpage, height)
            drawings, lowest = _drawings(page, height)
            bottom = max([lowest, *(line.box.bottom for line in lines)])
            found.append(Page(number + 1, width, height, lines, drawings, bottom))
            textpage.close()
            page.close()
        return found
    finally:
        document.close()
