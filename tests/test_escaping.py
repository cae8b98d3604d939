"""Editors' text is printed, never run: the adversarial corpus built once, opened in Chromium.

Every field that reaches an output carries every payload class (tests/hostile.py). The
site is built with `lantoa build` like an editor does, served on loopback, and every
page is opened with a dialog listener and a marker global: nothing may run, no link may
use another scheme than http(s), mailto, tel or a relative path, and each payload must
be shown as written. Leaflet PDFs must show it too, SSML must stay XML, and no file
from outside the content folder may reach the output.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.present import urls
from generator.present.escaping import markdown_text, meta_text, render_body, safe_link
from tests import hostile
from tests.hostile import LITERAL_IN_MARKDOWN, Field

# Tests on the built corpus share one build and one browser pass (one xdist worker).
corpus = pytest.mark.xdist_group("hostile")

CANARY = "LANTOA-CANARY-7f3a91"
OUTSIDE_TEXT = ("root:x:0:0", CANARY)  # /etc/passwd, and a file beside the content folder


def _flat(text: str) -> str:
    return " ".join(text.split())


def _bare(text: str) -> str:
    """No whitespace at all: PDF text breaks lines anywhere."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.sitebuild import lantoa, project_copy

    root = tmp_path_factory.mktemp("hostile")
    content = hostile.write_content(root / "content")
    project = project_copy(root / "project", content)
    (project / "secret.txt").write_text(CANARY + "\n", encoding="utf-8")
    result = lantoa(project, "build", "--content", "stories", "--out", "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    return project


# --- unit: the escaping functions themselves -----------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "DATA:text/html,x",
        "file:///etc/passwd",
    ],
)
def test_unsafe_link_schemes_are_dropped(url: str) -> None:
    assert safe_link(url) is None


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a?b=1&c=2", "HTTP://example.org", "mailto:a@b.vn", "tel:19009068", "../x/", "#top"],
)
def test_safe_links_are_kept(url: str) -> None:
    assert safe_link(url) == url


def test_markdown_text_neutralises_markup_and_extensions() -> None:
    text = '{{ 7*7 }} <b>x</b> [a](javascript:x) {: onclick=x } --8<-- "/etc/passwd"\n# h'
    escaped = str(markdown_text(text))
    assert not set("<>{}[]*#|\n") & set(escaped.replace("&#", ""))
    assert str(markdown_text("- item")).startswith("&#45;")
    assert str(markdown_text("1. item")).startswith("&#49;&#46;")
    assert str(markdown_text("165.000 đồng (dự kiến)")) == "165.000 đồng (dự kiến)"


def test_meta_text_is_one_escaped_line() -> None:
    assert meta_text('a\n<script>"x"</script>\x00') == "a &lt;script&gt;&#34;x&#34;&lt;/script&gt;"


def test_body_is_sanitised_and_inert_to_a_second_markdown_pass() -> None:
    html = str(
        render_body(
            "x <script>alert(1)</script> [j](javascript:alert(1)) <img src=x onerror=a>\n\n"
            '<iframe>\n--8<-- "/etc/passwd"\n[k](javascript:alert(2))\n</iframe>'
        )
    )
    assert html.startswith('<div class="lt-body">') and html.endswith("</div>")
    for banned in ("<script", 'javascript:"', 'href="javascript', "onerror", "<img", "<iframe", "--8<--"):
        assert banned not in html


# --- the built corpus -------------------------------------------------------------------------


@dataclass
class Visit:
    pwned: object = None
    dialogs: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)  # event attributes, other schemes, live payloads
    text: str = ""
    title: str = ""
    description: str = ""
    alts: list[str] = field(default_factory=list)


INSPECT = """() => {
    const allowed = ['http:', 'https:', 'mailto:', 'tel:'];
    const unsafe = [];
    for (const el of document.querySelectorAll('*')) {
        if (el.closest('.pagefind-ui')) continue;  // the search widget's own form, made by its script
        for (const attr of el.attributes) {
            const name = attr.name.toLowerCase();
            if (name.startsWith('on')) unsafe.push(`${el.tagName} ${name}`);
            if (['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data'].includes(name)) {
                let scheme;
                try { scheme = new URL(attr.value, location.href).protocol; } catch (e) { scheme = 'bad:'; }
                if (!allowed.includes(scheme)) unsafe.push(`${el.tagName} ${name}=${attr.value}`);
            }
            if (name === 'srcdoc' || name === 'autofocus') unsafe.push(`${el.tagName} ${name}`);
        }
        if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName) && el.outerHTML.includes('__pwned'))
            unsafe.push(el.tagName);
    }
    for (const d of document.querySelectorAll('details')) d.open = true;
    const main = document.querySelector('.md-content') || document.body;
    const description = document.querySelector('meta[name=description]');
    return {
        pwned: window.__pwned ?? null,
        unsafe,
        text: main.innerText,
        title: document.title,
        description: description ? description.content : '',
        alts: [...document.querySelectorAll('img[alt]')].map(i => i.alt),
    };
}"""


@pytest.fixture(scope="module")
def visits(hostile_site: Path) -> dict[str, Visit]:
    """Every HTML page of the built corpus, opened once in headless Chromium."""
    from tests.browser import browser, serve

    site = hostile_site / "site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    found: dict[str, Visit] = {}
    with serve(site) as base, browser() as chromium:
        context = chromium.new_context()
        tab = context.new_page()
        dialogs: list[str] = []
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for page in pages:
            dialogs.clear()
            tab.goto(base + page, wait_until="load")
            tab.wait_for_timeout(50)  # onerror and onload handlers of broken images
            result = tab.evaluate(INSPECT)
            url = page.removesuffix("index.html")
            found[url] = Visit(dialogs=list(dialogs), **result)
        context.close()
    return found


@pytest.mark.browser
@pytest.mark.slow
@corpus
def test_no_page_runs_or_links_editor_text(visits: dict[str, Visit]) -> None:
    assert len(visits) > 30
    ran = {
        url: (v.pwned, v.dialogs, v.unsafe) for url, v in visits.items() if v.pwned or v.dialogs or v.unsafe
    }
    assert ran == {}


def _record_page(item: Field, payload: str) -> str:
    return urls.page(item.kind, hostile.ids(hostile.group_of(payload))[item.kind])


@pytest.mark.browser
@pytest.mark.slow
@corpus
@pytest.mark.parametrize(
    ("item", "payload"), hostile.cases(), ids=[f"{f.kind}.{f.path}@{f.where}-{p}" for f, p in hostile.cases()]
)
def test_payload_is_inert_and_shown_as_written(visits: dict[str, Visit], item: Field, payload: str) -> None:
    visit = visits[_record_page(item, payload)]
    mark = hostile.marker(item, payload)
    assert mark not in str(visit.pwned) and not any(mark in d for d in visit.dialogs)
    assert visit.unsafe == []
    written = _flat(hostile.payload_text(item, payload))
    if item.markdown and payload not in LITERAL_IN_MARKDOWN:
        return  # Markdown on purpose: rendered and sanitised, checked above for running nothing
    shown = {
        "text": visit.text,
        "alt": " ".join(visit.alts),
        "description": visit.description,
        "document-title": visit.title,
    }[item.where]
    assert written in _flat(shown), f"{written!r} not shown literally on {_record_page(item, payload)}"


@pytest.mark.browser
@pytest.mark.slow
@corpus
@pytest.mark.parametrize("kind_path", [("story", "title"), ("model", "name"), ("unit", "name")])
def test_page_title_and_header_show_the_title_literally(visits: dict[str, Visit], kind_path) -> None:
    """Material prints page.meta.title without escaping: front matter carries it escaped."""
    kind, path = kind_path
    item = next(f for f in hostile.FIELDS if (f.kind, f.path) == (kind, path))
    for payload in hostile.PAYLOADS:
        if hostile.applies(item, payload):
            visit = visits[_record_page(item, payload)]
            assert _flat(hostile.payload_text(item, payload)) in _flat(visit.title)


def _shown_prefix(value: str, text: str) -> str:
    """The longest start of value that the text shows (leaflets shorten long text with "…")."""
    low, high = 0, len(value)
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if value[:middle] in text else (low, middle - 1)
    return value[:low]


@pytest.mark.slow
@corpus
def test_leaflets_print_the_text_as_written(hostile_site: Path) -> None:
    site = hostile_site / "site"
    for group in range(hostile.GROUPS):
        ids = hostile.ids(group)
        checks = [
            (site / urls.leaflet("story", ids["story"], "a5"), "story", "summary"),
            (site / urls.leaflet("story", ids["story"], "a5"), "story", "quote.text"),
            (site / urls.leaflet("model", ids["model"], "talking-points"), "model", "steps[0]"),
        ]
        for pdf, kind, path in checks:
            text = _bare(
                subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True).stdout
            )
            value = _bare(hostile.value(kind, path, group))
            shown = _shown_prefix(value, text)
            assert shown == value or (len(shown) >= 40 and shown + "…" in text), (pdf.name, path, shown)


@pytest.mark.slow
@corpus
def test_machine_formats_stay_well_formed(hostile_site: Path) -> None:
    from icalendar import Calendar

    site = hostile_site / "site"
    ssml = sorted(site.rglob("*.ssml"))
    assert len(ssml) >= 3 * hostile.GROUPS
    for path in [*ssml, *site.rglob("*.svg"), site / "sitemap.xml"]:
        ET.parse(path)  # raises on anything that is not XML
    for path in site.rglob("*.ics"):
        Calendar.from_ical(path.read_bytes())
    json.loads((site / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.slow
@corpus
def test_no_file_from_outside_the_content_folder_is_published(hostile_site: Path) -> None:
    leaked = []
    for path in (hostile_site / "site").rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)  # Pagefind's index
        if path.suffix == ".pdf":
            data = subprocess.run(["pdftotext", str(path), "-"], capture_output=True).stdout
        leaked += [f"{path.name}: {text}" for text in OUTSIDE_TEXT if text.encode() in data]
    assert leaked == []


# --- check: source.url is a web address ---------------------------------------------------------

BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:x",
    "//example.org/a",
    "example.org",
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/<script>",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_source_url_must_be_http(mini_copy: Path, url: str) -> None:
    from generator.model.loading import load_content

    line = _add_source_url(mini_copy, json.dumps(url))
    errors = [str(e) for e in load_content(mini_copy, "stories").report.errors]
    assert len(errors) == 1
    assert errors[0].startswith(f"stories/quang-ngai/son-tinh/huy.yaml:{line}: source.url: ")


def _add_source_url(content: Path, url_yaml: str) -> int:
    """Give the mini story a source.url; return its line."""
    record = content / "quang-ngai" / "son-tinh" / "huy.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("  date: 2025-06", f"  date: 2025-06\n  url: {url_yaml}")
    record.write_text(text, encoding="utf-8")
    return text.splitlines().index(f"  url: {url_yaml}") + 1


def test_check_reports_a_script_link_without_traceback(mini_copy: Path) -> None:
    from tests.sitebuild import LANTOA

    _add_source_url(mini_copy, '" JaVaScRiPt:alert(1)"')
    result = subprocess.run([*LANTOA, "check", str(mini_copy)], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{mini_copy}/quang-ngai/son-tinh/huy.yaml:" in result.stdout + result.stderr
    assert ": source.url: phải là địa chỉ trang web" in result.stdout + result.stderr
