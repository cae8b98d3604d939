"""Social exports: post texts within their declared length, 1200 × 630 cards, consent, caching."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from generator.export import social
from generator.export.context import BuildContext
from generator.export.social import cards
from generator.export.social.layout import draw_fitted, fit_text
from generator.model.kinds import KINDS
from generator.model.loading import load_content
from generator.present import catalogue, posts
from generator.present.fonts import font_file
from generator.present.templating import TEMPLATES
from generator.present.text import ELLIPSIS, first_sentences, hashtag, sentences, trim_words
from tests.conftest import make_context

HIDDEN = "Hà Thị Giang"
SHOWN = "Chị G."
BOLD = font_file(bold=True)
LONG_TITLE = (
    "Người nông dân ở xã vùng cao Nậm Nhừ tiết kiệm từng đồng bán ngô, bán sắn để đóng BHXH "
    "tự nguyện cho cả hai vợ chồng, mong về già có lương hưu và thẻ bảo hiểm y tế miễn phí "
    "khi ốm đau, không phải trông cậy vào con cháu ở xa quê hương Điện Biên"
)
STACKED = "Nguyễn Thị Hường ở Ỷ La kể chuyện ỆỮẶỶ: Ưu tiên ƠN nghĩa, bữa cơm đạm bạc, nghiệp ữ"


def _export(context: BuildContext) -> dict:
    social.export(context)
    manifest = json.loads(context.writer.manifest.to_json())
    return manifest["records"]


@pytest.fixture
def exported(mini_context: BuildContext) -> tuple[BuildContext, dict]:
    return mini_context, _export(mini_context)


# --- text fitting ------------------------------------------------------------------------------------


def _words_intact(lines: tuple[str, ...], original: str) -> bool:
    """Every word drawn is a whole word of the original, in order (an ellipsis may end the last)."""
    drawn = " ".join(lines).removesuffix(ELLIPSIS).split()
    return drawn == original.split()[: len(drawn)]


def test_short_text_gets_the_largest_size() -> None:
    fitted = fit_text("Lan Tỏa", BOLD, (1000, 200), 20, 64)
    assert fitted.size == 64 and fitted.lines == ("Lan Tỏa",) and not fitted.truncated


@pytest.mark.parametrize("box", [(1080, 230), (700, 300), (480, 400)])
def test_long_vietnamese_title_shrinks_and_wraps_inside_the_box(box: tuple[int, int]) -> None:
    fitted = fit_text(LONG_TITLE, BOLD, box, 20, 66)
    assert not fitted.truncated
    assert " ".join(fitted.lines) == LONG_TITLE  # wrapped at spaces only, nothing lost
    assert fitted.size < 66 and len(fitted.lines) > 1
    assert fitted.width <= box[0] and fitted.height <= box[1]
    assert all(fitted.font.getlength(line) <= box[0] for line in fitted.lines)
    # The largest size: one point more no longer fits.
    bigger = fit_text(LONG_TITLE, BOLD, box, fitted.size + 1, fitted.size + 1)
    assert bigger.truncated


def test_text_that_cannot_fit_is_cut_after_a_whole_word() -> None:
    box = (600, 120)
    fitted = fit_text(LONG_TITLE, BOLD, box, 28, 40)
    assert fitted.truncated and fitted.size == 28
    assert fitted.lines[-1].endswith(ELLIPSIS)
    assert _words_intact(fitted.lines, LONG_TITLE)
    assert fitted.height <= box[1] and all(fitted.font.getlength(line) <= box[0] for line in fitted.lines)


def test_an_unbreakable_word_is_never_split() -> None:
    word = "BHXHtựnguyệnBHYThộgiađìnhBHXHbắtbuộcNghịquyết28" * 2
    text = f"Chương trình {word} ở Sơn Tịnh"
    fitted = fit_text(text, BOLD, (500, 300), 24, 48)
    assert fitted.truncated
    assert word not in " ".join(fitted.lines) and not any(word[:10] in line for line in fitted.lines)
    assert _words_intact(fitted.lines, text)
    assert fitted.lines[-1] == f"Chương trình{ELLIPSIS}"
    alone = fit_text(word, BOLD, (500, 300), 24, 48)
    assert alone.truncated and alone.lines == (ELLIPSIS,)


def test_stacked_diacritics_stay_inside_the_box() -> None:
    box = (900, 260)
    fitted = fit_text(STACKED, BOLD, box, 20, 90)
    assert not fitted.truncated
    image = Image.new("L", (box[0] + 200, box[1] + 200), 0)
    draw_fitted(ImageDraw.Draw(image), fitted, 100, 100, 255)  # type: ignore[arg-type]
    left, top, right, bottom = image.getbbox() or (0, 0, 0, 0)
    assert left >= 100 and top >= 100 and right <= 100 + box[0] and bottom <= 100 + box[1]


# --- plain-text helpers -------------------------------------------------------------------------------


def test_trim_words_never_cuts_inside_a_word() -> None:
    text = "Bà con ở bản Nà Bó bán vải thiều xong mới có tiền đóng BHXH tự nguyện cho cả năm."
    for limit in range(5, len(text)):
        cut = trim_words(text, limit)
        assert len(cut) <= limit and cut.endswith(ELLIPSIS)
        assert _words_intact((cut,), text)
    assert trim_words(text, len(text)) == text


def test_sentences_and_first_sentences() -> None:
    text = "Anh Huy làm nghề tự do. Sau buổi đối thoại, anh tham gia! Nay cả nhà có sổ BHXH."
    assert sentences(text) == [
        "Anh Huy làm nghề tự do.",
        "Sau buổi đối thoại, anh tham gia!",
        "Nay cả nhà có sổ BHXH.",
    ]
    assert sentences("Ở TP. Huế có 2.083 người. Tăng 5,2%.") == ["Ở TP. Huế có 2.083 người.", "Tăng 5,2%."]
    assert first_sentences(text, 60) == "Anh Huy làm nghề tự do. Sau buổi đối thoại, anh tham gia!"


def test_hashtag_keeps_vietnamese_letters() -> None:
    assert hashtag("lương hưu") == "#lươnghưu"
    assert hashtag("Sơn Tịnh") == "#SơnTịnh"
    assert hashtag("BHXH, BHYT") == "#BHXHBHYT"
    assert hashtag("2024") is None


# --- posts ----------------------------------------------------------------------------------------------


def test_every_template_declares_its_length() -> None:
    kinds = [kind for kind in tuple(KINDS) if any(p.export == "social" for p in catalogue.planned(kind, "x"))]
    assert kinds == ["story", "statistic", "campaign"]
    for kind in kinds:
        for variant in posts.VARIANTS:
            name = posts.template_name(variant, kind)
            assert (TEMPLATES / name).is_file(), name
            assert posts.limits(name).max_chars > 0
    assert (
        posts.limits("social/zalo-story.txt.j2").max_chars
        < posts.limits("social/facebook-story.txt.j2").max_chars
    )


def test_every_published_story_statistic_and_campaign_has_posts_and_cards(exported) -> None:
    context, records = exported
    out = context.writer.root
    for kind in ("story", "statistic", "campaign"):
        entries = context.content.of_kind(kind)
        assert entries
        for entry in entries:
            items = records[entry.key]["social"]
            variants = {i["variant"]: i["file"] for i in items}
            expected = {"facebook", "zalo", "card"} if kind != "campaign" else {"facebook", "zalo"}
            assert set(variants) == expected, entry.key
            for variant, rel in variants.items():
                path = out / rel
                assert path.is_file()
                if variant == "card":
                    with Image.open(path) as image:
                        assert image.size == (1200, 630) and image.format == "PNG"
                else:
                    text = path.read_text(encoding="utf-8").rstrip("\n")
                    name = posts.template_name(variant, kind)
                    assert len(text) <= posts.limits(name).max_chars
                    assert context.views.of(entry).url in text  # the page link, absolute


def test_facebook_post_has_hook_paragraphs_link_and_hashtags(exported) -> None:
    context, records = exported
    rel = next(
        i["file"] for i in records["story/son-tinh-nguyen-trong-huy"]["social"] if i["variant"] == "facebook"
    )
    text = (context.writer.root / rel).read_text(encoding="utf-8")
    blocks = [b for b in text.strip().split("\n\n")]
    assert "Người thứ ba trong nhà có sổ BHXH" in blocks[0]
    tags = blocks[-1].split()
    assert 3 <= len(tags) <= 5 and all(t.startswith("#") for t in tags)
    assert {"#BHXHtựnguyện", "#BHYT", "#SơnTịnh"} <= set(tags)
    assert "https://lantoa.example.org/noi-dung/cau-chuyen/son-tinh-nguyen-trong-huy/" in text
    assert 2 <= len(blocks) - 3 <= 4  # hook, 2-4 paragraphs, call to action with link, hashtags
    assert "“Tự lo được cho mình mới là yên tâm nhất!” — Nguyễn Trọng Huy" in text


def test_statistic_posts_use_vietnamese_figures(exported) -> None:
    context, records = exported
    files = {i["variant"]: i["file"] for i in records["statistic/son-tinh-bhxh-tn"]["social"]}
    facebook = (context.writer.root / files["facebook"]).read_text(encoding="utf-8")
    assert "2.083 người" in facebook and "+903 người (+76,53%)" in facebook and "tháng 5/2025" in facebook
    assert "Nguồn: Tạp chí BHXH" in facebook
    result = {i["variant"]: i["file"] for i in records["statistic/quang-ngai-cao-diem-ket-qua"]["social"]}
    text = (context.writer.root / result["zalo"]).read_text(encoding="utf-8")
    assert "7.555 người" in text and "130,26%" in text


def test_person_without_consent_is_only_abbreviated(exported, mini_context: BuildContext) -> None:
    context, records = exported
    texts = [
        (context.writer.root / i["file"]).read_text(encoding="utf-8")
        for record in records.values()
        for i in record.get("social", [])
        if i["variant"] != "card"
    ]
    assert texts and not any(HIDDEN.casefold() in t.casefold() or "Giang" in t for t in texts)
    story = [t for t in texts if "Bỏ heo đất" in t]
    assert len(story) == 2 and all(SHOWN in t for t in story)
    # The card shows the quote's speaker as the abbreviation too.
    view = context.views.of(context.content.get("story", "son-tinh-chi-g"))
    plan = cards.plan_story(view, context.settings)  # type: ignore[arg-type]
    drawn = " ".join(line for placed in plan.texts for line in placed.text.lines)
    assert SHOWN in drawn and "Giang" not in drawn
    page = [p for p in posts.posts_for_page(context.views) if p.key == "story/son-tinh-chi-g"]
    assert page and "Giang" not in page[0].facebook + page[0].zalo


def test_overlong_post_is_shortened_at_sentence_boundaries_with_a_warning(
    mini_context: BuildContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = posts.template_name("facebook", "story")
    declared = posts.limits(name)
    monkeypatch.setattr(
        posts, "limits", lambda _name: posts.Limits(**{**declared.__dict__, "max_chars": 520})
    )
    entry = mini_context.content.get("story", "son-tinh-nguyen-trong-huy")
    view = mini_context.views.of(entry)
    stuff = posts.material(mini_context.views, view)
    first = posts.compose(view, stuff, "facebook", mini_context.settings)
    again = posts.compose(view, stuff, "facebook", mini_context.settings)
    assert first.text == again.text  # deterministic
    assert first.shortened and first.rendered_length > 520 >= len(first.text)
    assert first.text.startswith("💬 Người thứ ba trong nhà có sổ BHXH")
    assert view.url in first.text and "#BHXHtựnguyện" in first.text
    # Only whole words: every word of the post is a word of the record, the template or the link.
    sources = [view.title, view.summary, view.quote, view.quote_by, view.body_html, view.url, view.place]
    sources += [(TEMPLATES / name).read_text(encoding="utf-8"), *stuff.hashtags, stuff.contact.phone]
    known = set(re.findall(r"\w+", " ".join(s for s in sources if s)))
    assert set(re.findall(r"\w+", first.text)) <= known
    before = len(mini_context.report.warnings)
    monkeypatch.setattr(posts, "limits", lambda _name: posts.Limits(max_chars=520))
    social.export(mini_context)
    new = [str(w) for w in mini_context.report.warnings[before:]]
    assert any("quá giới hạn 520" in w and "son-tinh/huy.yaml" in w for w in new)
    for path in (mini_context.writer.root / "mang-xa-hoi").rglob("*.txt"):
        assert len(path.read_text(encoding="utf-8").rstrip("\n")) <= 520


def test_long_story_is_cut_to_its_declared_length(mini_copy: Path, tmp_path: Path) -> None:
    body = "\n\n".join(
        " ".join(f"Câu thứ {n} của đoạn {p} kể về chuyện đóng BHXH tự nguyện ở thôn Đông." for n in range(12))
        for p in range(8)
    )
    story = mini_copy / "quang-ngai" / "son-tinh" / "dai.md"
    story.write_text(
        f"---\nkind: story\nid: son-tinh-dai\ntitle: {LONG_TITLE}\nunit: son-tinh\ndate: 2025-01\n"
        "summary: " + "Tóm tắt dài về lương hưu. " * 11 + "\nquote: {text: " + "Yên tâm lắm. " * 20 + "}\n"
        "source: {publisher: Báo Quảng Ngãi, title: Chuyện dài}\n---\n" + body + "\n",
        encoding="utf-8",
    )
    content = load_content(mini_copy, "stories")
    assert not content.report.errors, [str(e) for e in content.report.errors]
    context = make_context(content, tmp_path / "out", tmp_path / "cache")
    records = _export(context)
    for item in records["story/son-tinh-dai"]["social"]:
        if item["variant"] != "card":
            text = (context.writer.root / item["file"]).read_text(encoding="utf-8").rstrip("\n")
            assert len(text) <= posts.limits(posts.template_name(item["variant"], "story")).max_chars
            assert "#BHXHtựnguyện" in text and text.startswith(f"💬 {LONG_TITLE}")
    warnings = [str(w) for w in context.report.warnings]
    assert any(
        w.startswith("cảnh báo: stories/quang-ngai/son-tinh/dai.md:") and "Zalo" in w for w in warnings
    )
    # The long title is fitted on the card, not cut: it shrinks and wraps.
    plan = cards.plan_story(context.views.of(content.get("story", "son-tinh-dai")), context.settings)  # type: ignore[arg-type]
    assert "title" not in plan.cut


# --- cards and cache --------------------------------------------------------------------------------------


def test_cards_are_cached_and_deterministic(exported, tmp_path: Path) -> None:
    context, _records = exported
    again = make_context(context.content, tmp_path / "again", context.cache.root)
    _export(again)
    assert again.workers.done["card"] == 0  # cards are drawn in worker processes: the build counts them
    for path in (context.writer.root / "mang-xa-hoi").rglob("*"):
        if path.is_file():
            twin = again.writer.root / path.relative_to(context.writer.root)
            assert twin.read_bytes() == path.read_bytes()
    view = context.views.of(context.content.get("statistic", "son-tinh-bhxh-tn"))
    plan = cards.plan_statistic(view, context.settings)  # type: ignore[arg-type]
    assert cards.png_bytes(cards.draw(plan)) == cards.png_bytes(cards.draw(plan))


def test_statistic_card_shows_the_figure_and_a_chart_for_a_series(mini_context: BuildContext) -> None:
    view = mini_context.views.of(mini_context.content.get("statistic", "son-tinh-bhxh-tn"))
    plan = cards.plan_statistic(view, mini_context.settings)  # type: ignore[arg-type]
    parts = {p.name: " ".join(p.text.lines) for p in plan.texts}
    assert parts["value"] == "2.083 người"
    assert parts["what"] == "Người tham gia BHXH tự nguyện"
    assert parts["place"] == "Sơn Tịnh (cũ), Quảng Ngãi · tháng 5/2025"  # the district until 6/2025
    assert parts["source"].startswith("Nguồn: Tạp chí BHXH")
    assert plan.chart is not None and not plan.cut
    one_point = mini_context.views.of(mini_context.content.get("statistic", "quang-ngai-cao-diem-ket-qua"))
    single = cards.plan_statistic(one_point, mini_context.settings)  # type: ignore[arg-type]
    assert single.chart is None and single.progress is not None


def test_card_uses_the_site_colours(exported) -> None:
    context, records = exported
    rel = next(
        i["file"] for i in records["story/son-tinh-nguyen-trong-huy"]["social"] if i["variant"] == "card"
    )
    with Image.open(context.writer.root / rel) as image:
        rgb = image.convert("RGB")
        primary = cards.rgb(context.settings.colours["primary"])
        accent = cards.rgb(context.settings.colours["accent"])
        assert rgb.getpixel((5, 5)) == primary  # the brand band
        assert rgb.getpixel((5, cards.BAND + 2)) == accent
        blank = Image.new("RGB", rgb.size, cards.rgb(context.settings.colours["background"]))
        assert ImageChops.difference(rgb, blank).getbbox() is not None


def test_posts_for_page_lists_every_record(mini_context: BuildContext) -> None:
    found = posts.posts_for_page(mini_context.views)
    keys = {p.key for p in found}
    expected = {
        e.key for kind in ("story", "statistic", "campaign") for e in mini_context.content.of_kind(kind)
    }
    assert keys == expected
    for post in found:
        assert post.facebook and post.zalo and len(post.zalo) < len(post.facebook)
        assert (post.card is not None) == (post.kind != "campaign")
        assert post.page.startswith("noi-dung/")


def test_the_preview_composes_again_only_the_posts_an_edit_changed(mini_copy: Path, tmp_path: Path) -> None:
    """``Views.carry_posts``: what the preview's last build composed is reused for every record
    whose view did not change; the edited record's posts are composed from its new view."""
    before = make_context(load_content(mini_copy, "stories"), tmp_path / "out").views
    shown = posts.posts_for_page(before)
    story = mini_copy / "quang-ngai" / "son-tinh" / "huy.yaml"
    story.write_text(
        story.read_text(encoding="utf-8").replace("anh Huy đăng ký", "anh Huy quyết định đăng ký"),
        encoding="utf-8",
    )
    after = make_context(load_content(mini_copy, "stories"), tmp_path / "out").views
    records = [p for p in shown if p.kind in KINDS]
    # The edited story, and the campaign whose view lists it, are composed again; nothing else.
    changed = {"story/son-tinh-nguyen-trong-huy", "campaign/quang-ngai-cao-diem-2024"}
    assert after.carry_posts(before) == len(records) - len(changed)
    for item in records:
        kind, _, id_ = item.key.partition("/")
        old, new = before.get(kind, id_), after.get(kind, id_)
        assert old is not None and new is not None
        reused = posts.composed(after, new) is posts.composed(before, old)
        assert reused == (item.key not in changed), item.key
    edited = after.get("story", "son-tinh-nguyen-trong-huy")
    assert edited is not None
    assert "anh Huy quyết định đăng ký" in posts.composed(after, edited)["facebook"].text
    assert [p.facebook for p in posts.posts_for_page(after) if p.kind not in KINDS] == [
        p.facebook for p in shown if p.kind not in KINDS
    ]  # the changes ahead are composed again, to the same texts
