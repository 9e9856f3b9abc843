"""A document of several projects or practices, cut into the part each is: whose it is and its project number.

An archive of two associations' reports, a compendium of thirty practices from thirty organisations: each part is
cited with its own organisation and project number and gets a practice card of its own, not the first one's the
document names (a tester's compendium cited every practice with a Polish partner's project number).

A part starts where a passage opens (its heading or first line; a file attached or packed in the document: its first
lines) with another project's number, or, in a collection of practices, with a line naming its organisation under a
label ("Organizācija: Kylätoiminta ry"). A number mentioned in passing ("our earlier projects: ...") starts none, nor
does a study visit's host in a report of one project.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.organisations import find_labelled_organisations
from ingest.project_numbers import find_project_numbers
from ingest.types import Passage

OPENING_LINES = 3  # of a passage, where an organisation's label (or an attached file's number) opens a part
PRACTICES = 3  # organisations named under a label that make a document a collection of practices
NUMBER_LINES = 8  # of a part's first passage, where its own number stands under its organisation's label


@dataclass
class Section:
    project: str | None  # its project number
    organisation: str | None  # the organisation its label names; None where no label opened it
    passages: list[Passage] = field(default_factory=list)


def project_sections(passages: Sequence[Passage], numbers: Sequence[str]) -> list[Section]:
    """The document's parts in order; one, with its first project number (numbers, in the order its text names them),
    for a document of one project. Organisations' labels open parts only in a collection of practices: three such
    organisations or more, and a project number under one of them or none before the first (a study visit's report
    names its project, then its hosts so)."""
    labels = [_labelled(passage) for passage in passages]
    first = next((position for position, label in enumerate(labels) if label), len(passages))
    numbered = (bool(find_project_numbers(passage.text)) for passage in passages[first:])
    before = any(find_project_numbers(passage.text) for passage in passages[:first])
    practices = len({label for label in labels if label}) >= PRACTICES and (not before or any(numbered))
    if practices:  # the label names organisations here: a practice's "Kauno bendruomenių centras" is one too
        labels = [label or _labelled(passage, names_only=True) for label, passage in zip(labels, passages)]
    sections = [Section(numbers[0] if numbers else None, None)]
    for position, passage in enumerate(passages):
        attached = position > 0 and passage.attachment != passages[position - 1].attachment  # a file's first passage
        lines = passage.text.strip().split("\n")
        opening = passage.heading + "\n" + "\n".join(lines[: OPENING_LINES if attached else 1])
        named = [number for number in find_project_numbers(opening) if number != sections[-1].project]
        labelled = labels[position] if practices else None
        if named and sections[-1].passages:
            sections.append(Section(named[0], None))
        elif labelled and labelled != sections[-1].organisation:
            if sections[-1].passages:
                sections.append(Section(None, labelled))
            else:  # the document opens with it
                sections[-1].organisation = labelled
        sections[-1].passages.append(passage)
    if len(sections) > 1 and sections[1].organisation:  # what comes before the first practice is no practice's
        own = [n for p in sections[0].passages for n in find_project_numbers(p.text)]
        sections[0].project = own[0] if own else None
    for section in sections[1:]:
        if section.organisation:  # its number, if it has one, under its organisation's label
            opening = "\n".join(passage.text for passage in section.passages).split("\n")[:NUMBER_LINES]
            own = find_project_numbers("\n".join(opening))
            section.project = own[0] if own else None
    return sections


def _labelled(passage: Passage, names_only: bool = False) -> str | None:
    """The organisation a passage's opening lines name under a label ("Organizācija: Kylätoiminta ry"), if any."""
    opening = "\n".join(passage.text.strip().split("\n")[:OPENING_LINES])
    found = find_labelled_organisations(opening, names_only)
    return found[0] if found else None
