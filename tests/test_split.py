"""Splitting: passages long enough to stand alone, short enough for the model, with pages and headings."""

from __future__ import annotations

import pytest

from ingest.split import SCRIPT_RUN, SplitSettings, split_passages
from ingest.types import Block, Document, span_pages

SENTENCE = "Biedrība rīkoja kopīgas vakariņas, kurās seniori un jaunieši stāstīja par savu pieredzi."  # 12 words


def doc(*blocks: Block) -> Document:
    return Document("pdf", tuple(blocks))


def test_slide_titles_and_one_line_bullets_are_not_passages_on_their_own():
    blocks = [
        Block("Projekta mērķi", "heading", 1),
        Block("- Sadarbība", "list_item", 1),
        Block(SENTENCE * 4, "paragraph", 2),
    ]
    chunks = split_passages(doc(*blocks), SplitSettings(min_words=30, max_words=200))
    assert len(chunks) == 1
    assert chunks[0].text.startswith("Projekta mērķi\n- Sadarbība")
    assert (chunks[0].page_start, chunks[0].page_end) == (1, 2)


def test_a_passage_on_several_pages_knows_where_each_page_starts():
    def page_of(chunk, words: str) -> tuple[int, int] | None:
        start = chunk.text.index(words)
        return span_pages(chunk.page_starts, start, start + len(words))

    blocks = [
        Block("Projekta mērķi", "heading", 3),
        Block("Partneri tika atrasti ar sadar-", "paragraph", 3),
        Block("bības tīkla palīdzību.", "paragraph", 4),  # a word the page break cut: one word again
        Block(SENTENCE, "paragraph", 5),
    ]
    [chunk] = split_passages(doc(*blocks), SplitSettings(min_words=30, max_words=200))
    assert page_of(chunk, "Projekta mērķi") == (3, 3) and page_of(chunk, "tīkla palīdzību.") == (4, 4)
    assert page_of(chunk, "sadarbības") == (3, 4)  # cut by the break: on both pages
    assert page_of(chunk, SENTENCE) == (5, 5) and (chunk.page_start, chunk.page_end) == (3, 5)
    closing = [Block(SENTENCE * 3, "paragraph", 1), Block("Paldies!", "heading", 1), Block("Ar cieņu, Jānis", "paragraph", 2)]
    [merged] = split_passages(doc(*closing), SplitSettings(min_words=30, max_words=200))  # a short tail joins
    assert page_of(merged, "Paldies!") == (1, 1) and page_of(merged, "Jānis") == (2, 2)
    assert split_passages(Document("docx", (Block(SENTENCE),)))[0].page_starts == ()  # a format without pages


def test_a_sentence_is_cited_by_its_own_page_not_by_a_title_line_beside_it_on_another():
    from ingest.types import Passage

    title = "Ko no piedzīvotā gribētu redzēt savās kopienās?"
    said = "Valsts piešķir finansējumu atkarību mazināšanas aktivitātēm."
    text = f"{title}\n{said}\nKāpēc bija nepieciešams šis projekts?"  # a slide's title at the foot of the page before
    passage = Passage("d:8", "d", 8, text, page_start=11, page_end=13,
                      page_starts=((0, 11), (len(title) + 1, 12), (len(title) + len(said) + 2, 13)))  # fmt: skip
    assert passage.pages_of(0, len(text)) == (12, 12)  # the titles at both ends are on other pages
    assert passage.pages_of(0, len(title)) == (11, 11)  # a title alone is cited by its own page
    assert passage.pages_of(len(title) - 9, len(title) + 10) == (11, 12)  # nothing but title-like pieces: all their pages
    two = Passage("d:1", "d", 1, f"{said}\n{said}", page_start=4, page_end=5, page_starts=((0, 4), (len(said) + 1, 5)))
    assert two.pages_of(0, len(two.text)) == (4, 5)  # a statement on each page: both
    said_page, listed = f"Rezultāti\n{said}\n", "- 25 brīvprātīgie no apkaimes\n- sadarbība ar pašvaldību"
    runs_on = Passage("d:3", "d", 3, said_page + listed, page_start=3, page_end=4, page_starts=((0, 3), (len(said_page), 4)))
    assert runs_on.pages_of(0, len(runs_on.text)) == (3, 4)  # a list running on to the next page counts (was p. 3)


def test_every_passage_fits_the_window_and_nothing_is_lost():
    long_paragraph = " ".join([SENTENCE] * 40)  # 480 words
    chunks = split_passages(doc(Block(long_paragraph, "paragraph", 3)), SplitSettings(min_words=30, max_words=100))
    assert all(len(c.text.split()) <= 100 for c in chunks)
    assert " ".join(c.text for c in chunks).split() == long_paragraph.split()
    assert all(c.page_start == 3 for c in chunks)


def test_a_templates_prompts_standing_alone_are_no_text_but_brackets_in_a_sentence_are():
    """An empty report template ("[Kā izplatījāt projekta rezultātus?]" under each heading) was a tester's first hit
    for that question, and its prompts a card's recommendations and results."""
    blocks = [Block("4. Rezultātu izplatīšana", "heading", 1), Block("[Kā izplatījāt projekta rezultātus?]", "paragraph", 1),
              Block("5. Ieteikumi", "heading", 1), Block(" [Ko ieteiktu citām organizācijām?] ", "paragraph", 1),
              Block(f"{SENTENCE} [Foto: J. Bērziņš]", "paragraph", 1), Block("[PAPILDINĀT pēc brauciena!]", "paragraph", 1),
              Block("[Atjaunināts 2024. gada 12. martā: projekts pagarināts.]", "paragraph", 1)]  # fmt: skip
    [chunk] = split_passages(doc(*blocks), SplitSettings(min_words=5, max_words=100))
    assert chunk.text == (f"4. Rezultātu izplatīšana\n5. Ieteikumi\n{SENTENCE} [Foto: J. Bērziņš]\n"
                          "[Atjaunināts 2024. gada 12. martā: projekts pagarināts.]")  # a note of the document's stays


def test_passages_carry_the_heading_they_sit_under():
    blocks = [Block("Ieteikumi projektu rakstītājiem", "heading", 5)] + [Block(SENTENCE, "paragraph", 5)] * 20
    chunks = split_passages(doc(*blocks), SplitSettings(min_words=30, max_words=60))
    assert len(chunks) > 2
    assert all(c.heading == "Ieteikumi projektu rakstītājiem" for c in chunks)


def test_a_new_section_starts_a_new_passage_once_the_current_one_is_long_enough():
    blocks = [
        Block("Rezultāti", "heading", 1),
        Block(SENTENCE * 3, "paragraph", 1),
        Block("Ieguvumi", "heading", 1),
        Block(SENTENCE * 3, "paragraph", 1),
    ]
    chunks = split_passages(doc(*blocks), SplitSettings(min_words=30, max_words=200))
    assert [c.heading for c in chunks] == ["Rezultāti", "Ieguvumi"]


def test_a_short_closing_line_joins_the_passage_before_it():
    blocks = [Block(SENTENCE * 4, "paragraph", 1), Block("Ar cieņu, Astra Ozola", "paragraph", 2)]
    chunks = split_passages(doc(*blocks), SplitSettings(min_words=30, max_words=200))
    assert len(chunks) == 1 and chunks[0].text.endswith("Astra Ozola") and chunks[0].page_end == 2


def test_text_before_a_sentence_longer_than_a_passage_stays_before_it():
    long_sentence = " ".join(f"vārds{i}" for i in range(250))
    chunks = split_passages(doc(Block(SENTENCE + " " + long_sentence + ".", "paragraph", 1)), SplitSettings(30, 100))
    assert " ".join(c.text for c in chunks).split() == (SENTENCE + " " + long_sentence + ".").split()
    assert all(len(c.text.split()) <= 100 for c in chunks)


@pytest.mark.slow
def test_a_45_mb_line_is_split_whole_and_an_endless_word_is_cut():
    # A quadratic splitter needs minutes here (8 MB took 10.6 s); this one is linear.
    line = "biedrība rīko darbnīcas jauniešiem un senioriem kopā ar pašvaldību " * 660_000  # 45 MB
    chunks = split_passages(doc(Block(line, "paragraph", None)))
    assert [word for c in chunks for word in c.text.split()] == line.split()
    # 5,000 "words" of 200 letters: passages of 36,000 characters took 18 s each to embed (about 2,500: 0.4 s)
    blob = split_passages(doc(Block("A" * 1_000_000, "paragraph", None)))
    assert max(len(c.text) for c in blob) < SplitSettings().max_chars * 1.2  # a short tail may join the last passage
    assert "".join(c.text.replace(" ", "") for c in blob) == "A" * 1_000_000


def test_a_sentence_a_page_break_cut_stays_one_passage_and_other_page_breaks_still_count():
    filler = Block(SENTENCE * 3, "paragraph", 1)  # 36 words: long enough to end a passage at the page break
    cut = [filler, Block("Partneri tika atrasti ar sadar-", "paragraph", 1), Block("bības tīkla palīdzību.", "paragraph", 2)]
    chunks = split_passages(doc(*cut), SplitSettings(min_words=30, max_words=200))
    assert len(chunks) == 1 and chunks[0].text.endswith("Partneri tika atrasti ar sadarbības tīkla palīdzību.")
    assert (chunks[0].page_start, chunks[0].page_end) == (1, 2)
    tail = [filler, Block("- Kopīgas vakariņas ar", "list_item", 1), Block("vietējiem seniori", "heading", 2)]
    chunks = split_passages(doc(*tail), SplitSettings(min_words=30, max_words=200))
    assert len(chunks) == 1 and chunks[0].text.endswith("- Kopīgas vakariņas ar vietējiem seniori")
    assert chunks[0].heading == ""  # a bullet's tail on the next page, not a heading
    name = [filler, Block("Biedrība sadarbojas ar", "paragraph", 1), Block("Rēzeknes novada pašvaldību.", "paragraph", 2)]
    [joined] = split_passages(doc(*name), SplitSettings(min_words=30, max_words=200))  # a name after the break
    assert joined.text.endswith("sadarbojas ar Rēzeknes novada pašvaldību.")
    for next_page in (Block("Rezultāti", "heading", 2), Block("- " + SENTENCE * 3, "list_item", 2)):
        ended = [filler, Block("Partneri tika atrasti ar", "paragraph", 1), next_page, Block(SENTENCE * 3, "paragraph", 2)]
        assert len(split_passages(doc(*ended), SplitSettings(min_words=30, max_words=200))) == 2
    finished = [filler, Block("Partneri tika atrasti.", "paragraph", 1), Block("un " + SENTENCE * 3, "paragraph", 2)]
    assert len(split_passages(doc(*finished), SplitSettings(min_words=30, max_words=200))) == 2


def test_a_full_passage_never_ends_inside_a_sentence_a_page_s_end_cut():
    """Where a passage grows full at a page break that cut a sentence, that sentence's start opens the next passage with
    its end: a writer quoting the marked sentence got half of it, cited on one of its two pages."""
    cut_sentence = "Partneri tika atrasti ar sadarbības tīkla palīdzību."
    blocks = [
        Block(SENTENCE * 3, "paragraph", 1),  # 36 words
        Block(f"{SENTENCE} {cut_sentence[:24]}", "paragraph", 1),  # the page ends after "atrasti ar"
        Block(f"{cut_sentence[25:]} {SENTENCE * 3}", "paragraph", 2),  # too many words for the passage
    ]
    first, second = split_passages(doc(*blocks), SplitSettings(min_words=30, max_words=60))
    assert first.text == f"{SENTENCE * 3}\n{SENTENCE}" and (first.page_start, first.page_end) == (1, 1)
    assert second.text == f"{cut_sentence} {SENTENCE * 3}" and (second.page_start, second.page_end) == (1, 2)
    assert span_pages(second.page_starts, 0, len(cut_sentence)) == (1, 2)
    under = [Block("Ievads", "heading", 1), Block(SENTENCE, "paragraph", 1), Block("Rezultāti", "heading", 1), *blocks[1:]]
    assert [chunk.heading for chunk in split_passages(doc(*under), SplitSettings(min_words=30, max_words=60))] == [
        "Ievads", "Rezultāti"]  # the sentence goes on under the heading it was cut under  # fmt: skip


RUSSIAN = "Общество организовало совместные ужины, на которых пожилые люди и молодёжь рассказывали о своём опыте."  # 14 words


def test_a_paragraph_and_its_translation_into_another_script_are_passages_of_their_own():
    """A bilingual report (Latgale's NGOs write Latvian and Russian side by side): each language its own passage,
    under the same heading, so each passage gets its own language and the language filter finds it."""
    blocks = [
        Block("Rezultāti / Результаты", "heading", 1),
        Block(f"{SENTENCE} {SENTENCE}", "paragraph", 1),
        Block(f"{RUSSIAN} {RUSSIAN}", "paragraph", 2),
    ]
    chunks = split_passages(doc(*blocks), SplitSettings(min_words=40, max_words=180))
    assert [chunk.text for chunk in chunks] == [f"Rezultāti / Результаты\n{SENTENCE} {SENTENCE}", f"{RUSSIAN} {RUSSIAN}"]
    assert [chunk.page_start for chunk in chunks] == [1, 2]
    assert {chunk.heading for chunk in chunks} == {"Rezultāti / Результаты"}


@pytest.mark.parametrize(
    "latvian, russian",
    [
        ("Sadarbība ar pašvaldību", "Сотрудничество с самоуправлением"),  # too few words to count
        (
            "Sadarbība ar novada pašvaldību un tās sociālo dienestu ikdienā",  # 9 words: each line's script is known
            "Сотрудничество с самоуправлением края и его социальной службой",
        ),
    ],
)
def test_lines_alternating_between_two_scripts_make_a_passage_of_each_language(latvian, russian):
    """A slide with each line in both languages was one passage in one language: a Russian reader filtering by
    "русский" never found its Russian half. Each language's lines are a passage of their own, the bilingual title in
    both; a slide too short to tell stays whole."""
    lines = [Block(line, "list_item", 1) for line in [latvian, russian] * 6]
    blocks = [Block("Ko mēs darījām / Что мы делали", "heading", 1), *lines]
    chunks = split_passages(doc(*blocks), SplitSettings(min_words=40, max_words=180))
    if len(latvian.split()) * 6 < SCRIPT_RUN:
        assert len(chunks) == 1
    else:
        assert [chunk.text.split("\n")[1:] for chunk in chunks] == [[latvian] * 6, [russian] * 6]
        assert all(chunk.text.startswith("Ko mēs darījām / Что мы делали\n") and chunk.page_start == 1 for chunk in chunks)


def test_a_russian_sentence_and_the_latvian_names_it_lists_stay_one_passage():
    """Only alternating lines part: a list of partners under the sentence that names them is no translation."""
    names = ["Biedrība „Latgales jauniešu centrs”", "Ludzas novada pašvaldība", "Rēzeknes tehnikums",
             "Krāslavas novada bibliotēka", "Biedrība „Ludzas jaunatne”", "Preiļu novada kultūras centrs",
             "Daugavpils Universitātes mūžizglītības centrs"]  # fmt: skip
    blocks = [Block("В проекте участвовали шесть организаций из Латгалии, каждая отвечала за свою часть работы:", page=1),
              *(Block(name, "list_item", 1) for name in names),
              Block("Все партнёры встречались каждый месяц и вместе готовили отчёт для фонда.", page=1)]  # fmt: skip
    assert len(split_passages(doc(*blocks), SplitSettings(min_words=40, max_words=180))) == 1


def test_a_passage_never_holds_both_an_e_mail_s_text_and_its_attachment_and_keeps_the_attachment_s_pages():
    words = "Pielikumā nosūtām semināra programmu, lūdzu, iepazīstieties."  # a short message: below min_words
    programme = [Block("programma.pdf", "heading", 1, attachment="programma.pdf")] + [
        Block(f"{day}. diena: darbnīcas un ekskursija pa Kuldīgu kopā ar partneriem.", page=day, attachment="programma.pdf")
        for day in (1, 2)
    ]
    chunks = split_passages(doc(Block("Seminārs", "heading"), Block(words), *programme), SplitSettings(min_words=40))
    assert [(c.attachment, c.page_start, c.page_end) for c in chunks] == [("", None, None), ("programma.pdf", 1, 2)]
    assert words in chunks[0].text and "Kuldīgu" not in chunks[0].text
    tail = split_passages(doc(*programme, Block("Ar cieņu, Anna")), SplitSettings(min_words=40))
    assert [c.attachment for c in tail] == ["programma.pdf", ""]  # a short tail after an attachment joins no passage of it
