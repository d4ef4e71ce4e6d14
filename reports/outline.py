"""A report's sections written as one Markdown file: a heading per section (its
depth in the tree is the number of #), the text under it, and at most one line
``::: block NAME`` where a data block goes. The demo report is kept this way."""

import re
from dataclasses import dataclass

HEADING = re.compile(r"^(#{1,6}) +(.+?)\s*$")
BLOCK = re.compile(r"^::: block ([\w.]+)\s*$")


@dataclass
class OutlineSection:
    depth: int
    title: str
    body: str = ""
    block: str = ""
    body_after_block: str = ""


def parse_outline(text: str) -> list[OutlineSection]:
    sections: list[OutlineSection] = []
    before: list[str] = []
    after: list[str] | None = None

    def close() -> None:
        if sections:
            sections[-1].body = "\n".join(before).strip()
            sections[-1].body_after_block = "\n".join(after or []).strip()

    for line in text.splitlines():
        heading = HEADING.match(line)
        block = BLOCK.match(line)
        if heading:
            close()
            depth = len(heading.group(1))
            if depth > (sections[-1].depth + 1 if sections else 1):
                raise ValueError(f"The heading {line!r} skips a level.")
            sections.append(OutlineSection(depth, heading.group(2)))
            before, after = [], None
        elif block and sections:
            if after is not None:
                raise ValueError(f"Two data blocks in the section {sections[-1].title!r}.")
            sections[-1].block = block.group(1)
            after = []
        elif sections:
            (before if after is None else after).append(line)
        elif line.strip():
            raise ValueError("Text before the first heading.")
    close()
    return sections
