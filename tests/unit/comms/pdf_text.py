"""Read a PDF back as the text a parent would read."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with whitespace collapsed, so sentences wrap freely."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)
