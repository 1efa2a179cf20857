"""Review packs print a name in any script: Noto fonts stand in where Liberation Sans (Arial's
metrics) has no glyph, a right-to-left name reads right to left without carrying the words
beside it along, and every character of the name reaches the PDF.

The packs are rendered by the code the worker runs (``render_and_store``); pdffonts says
which fonts were embedded and pdftotext reads the text back. Made-up names only."""

import functools
import logging
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, replace
from html import unescape
from pathlib import Path

import pytest
from django.utils.dates import MONTHS

from reviews import packs
from reviews.models import ReviewPack
from tests.builders import signed_off_appendix_1
from tests.conftest import require
from tests.factories import ParticipantFactory


@dataclass(frozen=True)
class Name:
    script: str
    given: str
    family: str
    font: str  # the font its letters print in, as pdffonts names it
    direction: str = "ltr"

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}"


LIBERATION = "LiberationSans"
NAMES = [
    Name("Chinese", "秀英", "王", "NotoSansCJK"),
    Name("Arabic", "فاطمة", "الزهراء", "NotoSansArabic", "rtl"),
    Name("Welsh", "Siân", "Llŷr ap Gwilym", LIBERATION),
    Name("Polish", "Zofia", "Wójcik-Łęcka", LIBERATION),
    Name("Hebrew", "נועה", "בן-דוד", "NotoSansHebrew", "rtl"),
    Name("Greek", "Ελένη", "Παπαδοπούλου", LIBERATION),
    Name("Cyrillic", "Олена", "Коваленко", LIBERATION),
]
NOTO_PACKAGE = {
    "NotoSansCJK": ("Noto Sans CJK SC", "王", "fonts-noto-cjk"),
    "NotoSansArabic": ("Noto Sans Arabic", "فاطمة", "fonts-noto-core"),
    "NotoSansHebrew": ("Noto Sans Hebrew", "נועה", "fonts-noto-core"),
}


@pytest.fixture
def pack_root(settings, tmp_path):
    settings.REVIEW_PACK_ROOT = tmp_path / "review-packs"
    return settings.REVIEW_PACK_ROOT


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    require(bool(path), "poppler-utils is not installed")
    return path


def embedded_fonts(pdf: Path) -> set[str]:
    """The fonts pdffonts lists, without the subset prefix (``ABCDEF+``) and with no
    spaces or hyphens (``NotoSansArabic``)."""
    listing = subprocess.run(
        [poppler("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    names = (line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line)
    return {name.replace("-", "") for name in names}


@functools.cache
def weasyprint_finds(family: str, sample: str) -> bool:
    """Whether WeasyPrint finds the font ``family`` on this machine (it embeds it for
    ``sample`` when asked for that family alone)."""
    import tempfile

    from weasyprint import HTML

    html = f"<p style=\"font-family: '{family}'\">{sample}</p>"
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "probe.pdf"
        HTML(string=html).write_pdf(pdf)
        wanted = family.replace(" ", "")
        return any(font.startswith(wanted) for font in embedded_fonts(pdf))


def require_font(name: Name) -> None:
    if name.font == LIBERATION:
        return
    family, sample, package = NOTO_PACKAGE[name.font]
    require(weasyprint_finds(family, sample), f"{family} is missing: install {package}")


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def pages_lines(pdf: Path) -> list[list[list[Word]]]:
    """Each page's lines of words as they are drawn, left to right. pdftotext gives a
    word's letters in the order they are drawn, so a right-to-left word comes reversed."""
    html = subprocess.run(
        [poppler("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", html, re.S):
        words = sorted(
            (
                Word(unescape(text), float(x0), float(y0), float(x1), float(y1))
                for x0, y0, x1, y1, text in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                    r"([^<]*)</word>",
                    page,
                )
            ),
            key=lambda word: word.middle,
        )
        lines: list[list[Word]] = []
        for word in words:  # one line: letters of any script centred on the same height
            if lines and abs(lines[-1][0].middle - word.middle) < 2:
                lines[-1].append(word)
            else:
                lines.append([word])
        pages.append([sorted(line, key=lambda word: word.left) for line in lines])
    return pages


def read(words: list[Word], direction: str = "ltr") -> str:
    """Words as a reader reads them: right to left, letter by letter, for a right-to-left
    name."""
    if direction == "rtl":
        return plain(" ".join(word.text[::-1] for word in reversed(words)))
    return plain(" ".join(word.text for word in words))


def plain(text: str) -> str:
    """Unicode's compatibility form (Arabic presentation forms become the letters typed),
    with no invisible formatting characters and single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", " ", text).strip()


def line_after(lines: list[list[Word]], text: str) -> list[Word]:
    index = next(i for i, line in enumerate(lines) if read(line) == text)
    return lines[index + 1]


def running_head_name(line: list[Word]) -> list[Word]:
    """The name in "Review pack · <name>" at the top left of a page."""
    assert read(line[:3]) == "Review pack ·", read(line)
    end = next(i for i, word in enumerate(line) if word.text == "OFFICIAL")
    return line[3:end]


def rendered(people, version) -> Path:
    pack = ReviewPack.objects.create(
        version=version, key=ReviewPack.key_for(version, None), requested_by=people.coordinator
    )
    pack = packs.render_and_store(packs.start_render(pack.pk))
    assert pack.status == ReviewPack.Status.READY, pack.last_error
    return packs.path_of(pack)


def render_for(people, pilot_tariffs, caplog, **person) -> Path:
    """A pack of the Appendix 1 plan of a person with these names, with no glyph missing
    (WeasyPrint warns of every character it draws as .notdef)."""
    participant = ParticipantFactory(
        team=people.team, care_coordinator=people.coordinator, **person
    )
    version = signed_off_appendix_1(people, participant, pilot_tariffs["cmht"].intervention)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = rendered(people, version)
    missing = [r.getMessage() for r in caplog.records if ".notdef" in r.getMessage()]
    assert not missing, missing
    return pdf


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES, ids=lambda name: name.script)
def test_a_name_prints_in_its_own_script(people, pilot_tariffs, pack_root, caplog, name):
    require_font(name)
    pdf = render_for(people, pilot_tariffs, caplog, given_name=name.given, family_name=name.family)

    fonts = embedded_fonts(pdf)
    # The pack's own words keep Arial's metrics; only the name's letters take Noto.
    assert any(font.startswith(LIBERATION) for font in fonts), fonts
    assert all(font.startswith((LIBERATION, name.font)) for font in fonts), fonts
    assert any(font.startswith(name.font) for font in fonts), fonts

    pages = pages_lines(pdf)
    banner = line_after(pages[0], "Personal health budget review pack")
    assert read(banner, name.direction) == plain(name.full)
    for number, lines in enumerate(pages, start=1):
        head = running_head_name(lines[0])
        assert read(head, name.direction) == plain(name.full), f"page {number}'s running head"


@pytest.mark.django_db
def test_a_right_to_left_name_keeps_the_date_beside_it_in_place(
    people, pilot_tariffs, pack_root, caplog
):
    """Signed off by فاطمة الزهراء, 29 November 2026: the day stays with its month, after
    the name, instead of being drawn into the name's right-to-left run."""
    arabic = NAMES[1]
    require_font(arabic)
    people.facilitator.first_name, people.facilitator.last_name = arabic.given, arabic.family
    people.facilitator.save()
    pdf = render_for(people, pilot_tariffs, caplog, given_name="Ann", family_name="Example")

    line = next(
        line
        for lines in pages_lines(pdf)
        for line in lines
        if read(line[:2]) == "1 Signed"  # version 1, signed off: by whom, when
    )
    months = {str(month) for month in MONTHS.values()}
    month = next(i for i, word in enumerate(line) if word.text in months)
    name = [word for word in line[:month] if any("\u0600" <= c <= "\u06ff" for c in word.text)]
    assert re.fullmatch(r"\d{1,2}", line[month - 1].text), read(line)
    assert line[month - 2] is name[-1], read(line)
    assert name[-1].text.endswith(","), read(line)  # the name's comma, on its right
    name[-1] = replace(name[-1], text=name[-1].text.removesuffix(","))
    assert read(name, "rtl") == arabic.full


@pytest.mark.django_db
def test_one_page_holds_names_in_several_scripts(
    people, pilot_tariffs, pack_root, caplog, tmp_path
):
    """An Arabic name with a Chinese care coordinator and a Welsh representative: page 1
    reads right and renders as an image (docs/review-pack-any-script.png is one)."""
    for name in NAMES[:2]:
        require_font(name)
    chinese, arabic, welsh = NAMES[:3]
    people.coordinator.first_name, people.coordinator.last_name = chinese.given, chinese.family
    people.coordinator.save()
    pdf = render_for(
        people,
        pilot_tariffs,
        caplog,
        given_name=arabic.given,
        family_name=arabic.family,
        representative=welsh.full,
    )

    page = pages_lines(pdf)[0]
    assert read(line_after(page, "Personal health budget review pack"), "rtl") == arabic.full
    rows = {read(line[:2]): line for line in page}
    assert read(rows["Care coordinator"][2:]) == chinese.full
    assert read(rows["Representative or"][3:]) == welsh.full
    page_one = [poppler("pdftoppm"), "-png", "-r", "80", "-f", "1", "-l", "1"]
    subprocess.run([*page_one, str(pdf), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 20_000


@pytest.mark.parametrize("installer", ["Dockerfile", ".ci/run"])
def test_the_image_and_ci_install_the_fonts_packs_print_in(installer):
    text = (Path(__file__).resolve().parent.parent / installer).read_text()
    packages = set(re.findall(r"fonts-[a-z-]+", text))
    assert {"fonts-liberation", "fonts-noto-core", "fonts-noto-cjk"} <= packages, packages


def test_a_name_is_isolated_and_escaped():
    from reviews.templatetags.bidi import isolated

    arabic = NAMES[1].full
    assert isolated(arabic) == f"\u2068{arabic}\u2069"
    assert isolated("O'Neil <b>") == "\u2068O&#x27;Neil &lt;b&gt;\u2069"
    assert isolated("") == ""
    assert isolated(None) == ""
