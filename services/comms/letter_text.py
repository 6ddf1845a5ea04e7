"""A letter's HTML as plain text: the wording its PDF carries, for staff to read before
the letter is issued (the web service shows it; it cannot render PDFs).

Paragraphs and headings become blocks separated by a blank line; list items become
"• " lines; a <br> starts a new line; the page's <head> (title, styles) is left out.
Whitespace inside a block is collapsed, as a PDF renderer lays it out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "li", "header", "footer", "div", "ul",
                    "ol", "section", "table", "tr"})
SKIPPED = frozenset({"head", "style", "script", "title"})
BULLET = "• "
WHITESPACE = re.compile(r"\s+")


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []  # (text, is a list item)
        self._run: list[str] = []
        self._in_item = False
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skipping += 1
        elif tag in BLOCKS:
            self._end_block()
            self._in_item = tag == "li"
        elif tag == "br":
            self._run.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self._skipping = max(self._skipping - 1, 0)
        elif tag in BLOCKS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            # Source line breaks are spaces on the page; only <br> breaks a line.
            self._run.append(WHITESPACE.sub(" ", data))

    def close(self) -> None:
        super().close()
        self._end_block()

    def _end_block(self) -> None:
        lines = [" ".join(line.split()) for line in "".join(self._run).split("\n")]
        self._run = []
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        if lines:
            text = "\n".join(lines)
            self.blocks.append((BULLET + text if self._in_item else text, self._in_item))
        self._in_item = False


def html_to_text(html: str) -> str:
    """The text a reader of the rendered `html` sees, block by block."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    text = ""
    previous_item = False
    for block, is_item in parser.blocks:
        if text:
            text += "\n" if is_item and previous_item else "\n\n"
        text += block
        previous_item = is_item
    return text
