"""Amounts that expire carry their dates (issue 18 item 5), and loudspeaker bulletins say how much
(item 6): every figure derived from a policy record is printed with its validity while a change is
within 60 days of the build (or broadcast) date; `check` warns about a typed figure a scheduled
change makes false. Each at a date before the window, inside it and after the change."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.export import leaflet
from generator.export.broadcast.script import Composer
from generator.export.leaflet.render import Job, render_one
from generator.model.diagnostics import Report
from generator.model.loading import load_content
from generator.model.placeholders import expiring, expiring_in, resolve
from generator.model.policy import timeline
from generator.model.prose import check_prose
from generator.model.settings import load_settings
from generator.present import rates
from generator.present.announcements import minimums
from generator.present.views import Views
from tests.conftest import ROOT
from tests.policybuild import policy_context
from tests.test_rate_tables import pdf_text
from tests.test_validation import edit

pytestmark = pytest.mark.xdist_group("leaflet")

# The sample's next change: the minimum income rises on 1/1/2027 (window opens on 2/11/2026).
BEFORE, INSIDE, AFTER = dt.date(2026, 10, 15), dt.date(2026, 12, 6), dt.date(2027, 1, 5)
SAMPLE_POLICY = ROOT / "stories" / "toan-quoc" / "chinh-sach"
MODEL = "toan-quoc/doi-thoai-nhom-nho.yaml"


@pytest.fixture(scope="module")
def sample() -> tuple:
    content = load_content(ROOT / "stories", "stories")
    return content, timeline(content.entries)


# ---------------------------------------------------------------- placeholders in prose


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (BEFORE, "chỉ 165.000 đồng mỗi tháng"),
        (dt.date(2026, 11, 1), "chỉ 165.000 đồng mỗi tháng"),  # 61 days before: not yet
        (dt.date(2026, 11, 2), "chỉ 165.000 đồng, đến 31/12/2026; từ 1/1/2027: 242.000 đồng mỗi tháng"),
        (INSIDE, "chỉ 165.000 đồng, đến 31/12/2026; từ 1/1/2027: 242.000 đồng mỗi tháng"),
        (AFTER, "chỉ 242.000 đồng mỗi tháng"),
    ],
)
def test_a_placeholder_carries_its_validity_within_60_days(
    sample: tuple, day: dt.date, expected: str
) -> None:
    assert resolve("chỉ [[muc-dong-thap-nhat:ho-ngheo]] mỗi tháng", sample[1], day) == expected


def test_validity_only_for_figures_that_change(sample: tuple) -> None:
    text = (
        "[[ho-tro-nha-nuoc:ho-ngheo]], [[ty-le-dong]], [[tu-ngay:chuan-ngheo-nong-thon]], "
        "[[chuan-ngheo-nong-thon]]"
    )
    assert resolve(text, sample[1], INSIDE) == (
        "50%, 22%, 1/1/2022, 1.500.000 đồng, đến 31/12/2026; từ 1/1/2027: 2.200.000 đồng"
    )


def test_story_page_and_post_carry_the_dates(sample: tuple) -> None:
    """Prose goes through one expansion: the story's view (page, card, post, leaflet, script)."""
    content = sample[0]
    settings = load_settings(ROOT)
    for day, dated in ((INSIDE, True), (BEFORE, False), (AFTER, False)):
        views = Views(content, settings, day)
        story = views.get("story", "a-luoi-2-go-tung-nha")
        text = f"{story.summary} {story.body_markdown}"
        assert ("đến 31/12/2026; từ 1/1/2027: 338.800 đồng" in text) is dated, day


# ---------------------------------------------------------------- rate tables and the lowest amounts


def test_rate_tables_say_until_when(sample: tuple) -> None:
    line = sample[1]
    assert rates.rate_table(line, INSIDE).until == "31/12/2026"
    assert rates.rate_table(line, BEFORE).until == "31/12/2026"  # a known change: the table ends there
    assert rates.rate_table(line, AFTER).until == ""
    assert rates.bhyt_table(line, AFTER).until == ""


@pytest.mark.parametrize(
    ("day", "until", "poor_now", "poor_later"),
    [(BEFORE, None, 165_000, None), (INSIDE, "31/12/2026", 165_000, 242_000), (AFTER, None, 242_000, None)],
)
def test_minimums_on_a_date(sample: tuple, day: dt.date, until, poor_now, poor_later) -> None:
    found = minimums(sample[1], day)
    assert found is not None
    assert found.until == until
    assert found.payments[0].label == "Hộ nghèo" and found.payments[0].net == poor_now
    if poor_later:
        assert found.change_date == "1/1/2027"
        assert [a.net for _, a in found.moved] == [242_000, 290_400, 338_800, 387_200]
        assert found.changes[0].parameter == "chuan-ngheo-nong-thon"
    else:
        assert found.change_date is None and found.moved == []


def test_story_leaflet_carries_the_minimum_amounts_with_their_dates(tmp_path: Path) -> None:
    content = load_content(ROOT / "stories", "stories")
    for day, dated in ((INSIDE, True), (AFTER, False)):
        ctx = policy_context(content, tmp_path / f"out-{day}", day, cache=tmp_path / "cache")
        ctx.views.policy_timeline = timeline(content.entries)  # type: ignore[misc]
        (item,) = [
            i for i in leaflet.plan(ctx) if i.view.id == "a-luoi-2-go-tung-nha" and i.planned.variant == "a5"
        ]
        render_one(Job(item.key, item.html, item.pages), ctx.cache.root)
        text = pdf_text(ctx.cache.path("leaflet", item.key, ".pdf"))
        assert "Đóng BHXH tự nguyện thấp nhất mỗi tháng (đồng, đã trừ Nhà nước hỗ trợ" in text
        large = [
            i for i in leaflet.plan(ctx) if i.view.id == item.view.id and i.planned.variant == "a5-large"
        ]
        render_one(Job(large[0].key, large[0].html, large[0].pages), ctx.cache.root)
        big = pdf_text(ctx.cache.path("leaflet", large[0].key, ".pdf"))
        assert "Hộ nghèo 165.000" in big if dated else "Hộ nghèo 242.000" in big
        assert ("Đóng thấp nhất mỗi tháng, đến 31/12/2026" in big) is dated
        if dated:
            assert "Đến 31/12/2026 165.000 198.000 231.000 264.000" in text
            assert "Từ 1/1/2027 242.000 290.400 338.800 387.200" in text
        else:
            assert "Hiện nay 242.000 290.400 338.800 387.200" in text and "Đến 31/12" not in text


# ---------------------------------------------------------------- check: typed figures that will expire


def test_expiring_figures_name_the_placeholder(sample: tuple) -> None:
    figures = expiring(sample[1], INSIDE)
    found = expiring_in("Chị đóng 231.000 đồng mỗi tháng, thu nhập 1.500.000đ; 264.000 người", figures)
    assert [(words, f.placeholders[0]) for words, f in found] == [
        ("231.000 đồng", "[[muc-dong-thap-nhat:dan-toc-thieu-so]]"),
        ("1.500.000đ", "[[chuan-ngheo-nong-thon]]"),
        ("264.000", "[[muc-dong-thap-nhat:khac]]"),
    ]
    assert expiring(sample[1], AFTER) == []  # no change scheduled after 1/1/2027


def test_check_warns_about_a_typed_figure_a_change_will_make_false(mini_copy: Path) -> None:
    shutil.copytree(SAMPLE_POLICY, mini_copy / "toan-quoc" / "chinh-sach")
    edit(mini_copy, MODEL, "summary: Gặp", "summary: >-\n  Người dân tộc thiểu số\n  đóng 231.000 đồng. Gặp")
    content = load_content(mini_copy, "stories")
    report = Report()
    check_prose(content.root, content.entries, report, today=INSIDE)
    (warning,) = [d for d in report.items if d.path.endswith(MODEL)]
    assert warning.warning and (warning.line, warning.field) == (6, "summary")
    assert str(warning).startswith(f"cảnh báo: stories/{MODEL}:6: summary: số tiền đóng, hỗ trợ viết tay:")
    assert "chỉ đúng đến 31/12/2026; từ 1/1/2027 là 338.800 đồng" in warning.message
    assert "[[muc-dong-thap-nhat:dan-toc-thieu-so]]" in warning.message
    after = Report()
    check_prose(content.root, content.entries, after, today=AFTER)
    (general,) = [d for d in after.items if d.path.endswith(MODEL)]  # the general warning remains
    assert "chỉ đúng đến" not in general.message


# ---------------------------------------------------------------- loudspeaker bulletins say how much


def _scripts(content, day: dt.date) -> dict[str, str]:
    views = Views(content, load_settings(ROOT), day)
    composer = Composer(views, load_settings(ROOT))
    return {
        kind: composer.compose(views.get(kind, id_)).spoken_text
        for kind, id_ in (("unit", "a-luoi-4"), ("campaign", "a-luoi-thang-cao-diem-11-2026"))
    }


POOR_NOW = (
    "Hộ nghèo được Nhà nước hỗ trợ năm mươi phần trăm, tức một trăm sáu mươi lăm nghìn đồng, "
    "còn đóng một trăm sáu mươi lăm nghìn đồng mỗi tháng"
)
UNTIL = "thấp nhất mỗi tháng, áp dụng đến hết ngày ba mươi mốt tháng mười hai"
CHANGE = "từ ngày mùng một tháng một năm hai nghìn không trăm hai mươi bảy, mức thu nhập thấp nhất"


def test_bulletins_inside_the_window_say_the_amounts_and_the_change(sample: tuple) -> None:
    for kind, text in _scripts(sample[0], INSIDE).items():
        assert UNTIL in text, kind
        assert POOR_NOW in text, kind
        assert "Người dân tộc thiểu số được Nhà nước hỗ trợ ba mươi phần trăm" in text, kind
        assert CHANGE in text, kind
        assert "của hộ nghèo là hai trăm bốn mươi hai nghìn đồng" in text, kind
        assert "dự kiến" not in text and "gạch chéo" not in text, kind


def test_bulletins_outside_the_window_say_the_amounts_only(sample: tuple) -> None:
    before, after = _scripts(sample[0], BEFORE), _scripts(sample[0], AFTER)
    for kind in ("unit", "campaign"):
        assert POOR_NOW in before[kind] and CHANGE not in before[kind], kind
        assert "áp dụng đến" not in before[kind], kind
        assert (
            "Hộ nghèo được Nhà nước hỗ trợ năm mươi phần trăm, tức hai trăm bốn mươi hai nghìn đồng"
            in after[kind]
        )
        assert CHANGE not in after[kind], kind


def test_a_campaign_opens_with_the_phase_on_air(sample: tuple) -> None:
    """A Lưới: the November campaign, then twice a week in December (`otherwise`)."""
    november = _scripts(sample[0], dt.date(2026, 11, 10))["campaign"]
    december = _scripts(sample[0], INSIDE)["campaign"]
    assert "Hưởng ứng tháng cao điểm" in november and "Tiếp nối" not in november
    assert december.split("\n\n")[1].startswith("Tiếp nối tháng cao điểm vận động")
    assert "vừa qua, từ ngày mùng một tháng mười hai đến ngày ba mươi mốt tháng mười hai" in december
    assert "Hưởng ứng" not in december


def test_bulletins_speak_as_people_speak(sample: tuple) -> None:
    """No capitals mid-sentence in the contact, the quoted person's role, no aside or address."""
    text = _scripts(sample[0], INSIDE)["campaign"]
    assert "liên hệ cơ quan bảo hiểm xã hội" in text
    assert "đến nhân viên đại lý thu" in text
    assert "Võ Đại Quang, giám đốc bảo hiểm xã hội cơ sở A Lưới, chia sẻ" in text
    assert "(" not in text and "chấm gờ o vê" not in text
    for paragraph in text.split("\n\n"):
        assert paragraph[0].isupper(), paragraph


# ---------------------------------------------------------------- "dự kiến" and "chưa đối chiếu văn bản gốc"


def test_an_unchecked_source_is_told_to_the_announcer_not_read_aloud(sample: tuple) -> None:
    views = Views(sample[0], load_settings(ROOT), INSIDE)
    composer = Composer(views, load_settings(ROOT))
    script = composer.compose(views.get("unit", "a-luoi-4"))
    assert "Nghị định 351/2025/NĐ-CP" in script.unchecked  # the 2027 poverty line, confirmed: false
    assert "đối chiếu" not in script.spoken_text and "dự kiến" not in script.spoken_text
    from generator.present.templating import render

    header = render("broadcast/announcer.txt.j2", script=script, slot="").split("=" * 62)[0]
    assert "Số liệu chưa đối chiếu văn bản gốc (không đọc): " in header


def test_du_kien_only_means_planned() -> None:
    """ "dự kiến" is left in the generator only for the income a person plans to pay on."""
    found = []
    for path in sorted((ROOT / "generator").rglob("*")):
        if path.suffix not in (".py", ".j2", ".html", ".md") or "calculator.py" in path.name:
            continue  # calculator.py's docstrings: the calc branch rewrites them
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip().startswith("#"):
                continue  # a comment quoting text (escaping.py's examples)
            if "dự kiến" in line.lower() and "thu nhập dự kiến" not in line.lower():
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
