"""Targets (kind: target, spec-target.md): validation, derived figures worked out by hand, outputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.model.diagnostics import Report
from generator.model.loading import load_content
from generator.model.records import CoverageTarget
from generator.model.targets import check_targets, results
from tests.targettree import PLAN, write_tree

TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "stories")


def _errors(root: Path) -> list[str]:
    return [str(e) for e in load_content(root, "stories").report.errors]


def test_the_hand_worked_tree_is_valid(tree: Path) -> None:
    assert _errors(tree) == []


def test_a_target_without_a_matching_statistic_is_an_error(tree: Path) -> None:
    (tree / "bac-ninh/ke-hoach-moi.yaml").write_text(
        "kind: target\nunit: xa-tay\nindicator: bhyt_ty_le\nperiod: 2026\nvalue: 90\n" + PLAN,
        encoding="utf-8",
    )
    (error,) = _errors(tree)
    assert error.startswith("stories/bac-ninh/ke-hoach-moi.yaml:3: indicator: chưa có số liệu")
    assert "Xã Tây" in error


def test_overlapping_targets_for_one_unit_and_indicator_are_an_error(tree: Path) -> None:
    (tree / "bac-ninh/ke-hoach-trung.yaml").write_text(
        "kind: target\nunit: xa-dong\nindicator: bhxh_tu_nguyen\nperiod: 2026-07..2027-06\nvalue: 900\n"
        + PLAN,
        encoding="utf-8",
    )
    (error,) = _errors(tree)
    assert error.startswith(
        "stories/bac-ninh/ke-hoach-xa-dong-2026.yaml:4: period: kỳ 2026 trùng với kế hoạch "
    )
    assert "2026-07..2027-06 ở stories/bac-ninh/ke-hoach-trung.yaml (dòng 4)" in error


def test_a_percentage_target_over_100_is_an_error(tree: Path) -> None:
    (tree / "bac-ninh/ke-hoach-xa-dong-bhyt-2026.yaml").write_text(
        "kind: target\nunit: xa-dong\nindicator: bhyt_ty_le\nperiod: 2026\nvalue: 101\n" + PLAN,
        encoding="utf-8",
    )
    (error,) = _errors(tree)
    assert error.endswith(":5: value: kế hoạch tỷ lệ 101% vượt quá 100%")


def test_a_result_newer_than_the_build_date_is_an_error(tree: Path) -> None:
    content = load_content(tree, "stories")
    report = Report()
    check_targets(content, report, dt.date(2026, 10, 15))  # built as of 15/10/2026: Nov figures are ahead
    messages = [str(e) for e in report.errors]
    assert any(
        "ke-hoach-xa-dong-2026.yaml:3: indicator:" in m and "mới hơn ngày dựng 15/10/2026" in m
        for m in messages
    )


def test_an_example_target_is_checked_but_never_published(tree: Path) -> None:
    (tree / "bac-ninh/ke-hoach-xa-tay-2026.yaml").write_text(
        "kind: target\nunit: xa-tay\nindicator: bhxh_tu_nguyen\nperiod: 2026\nvalue: 500\nexample: true\n"
        + PLAN,
        encoding="utf-8",
    )
    content = load_content(tree, "stories")
    assert not content.report.errors
    assert content.get(CoverageTarget, "ke-hoach-xa-tay-2026") is None
    assert any(e.id == "ke-hoach-xa-tay-2026" for e in content.entries)


def test_former_units_count_towards_their_successor_once(tree: Path) -> None:
    content = load_content(tree, "stories")
    target = content.get(CoverageTarget, "ke-hoach-bac-ninh-2025")
    assert target is not None
    found = results(content, target.record, TODAY)
    # Bắc Giang's 52.000 are added to Bắc Ninh's 30.000; Hiệp Hòa (inside Bắc Giang) is not added again
    assert [(p.as_of, p.value, p.parts) for p in found] == [
        (dt.date(2025, 3, 31), 50000, (("bac-giang", 50000),)),
        (dt.date(2025, 6, 30), 82000, (("bac-ninh", 30000), ("bac-giang", 52000))),
    ]


# --- derived figures, worked out by hand (build date 7/12/2026, stale after 3 months) ------------


@pytest.fixture
def progress(tree: Path) -> dict[str, object]:
    from generator.present.progress import compute

    content = load_content(tree, "stories")
    return {p.target_id: p for p in compute(content, TODAY, stale_months=3)}


def test_successor_counts_its_former_unit_and_the_period_ended_exceeded(progress) -> None:
    p = progress["ke-hoach-bac-ninh-2025"]
    # 30.000 (Bắc Ninh) + 52.000 (Bắc Giang, former) at 30/6/2025; target 80.000
    assert (p.latest.value, p.latest.as_of) == (82000, dt.date(2025, 6, 30))
    assert p.percent == pytest.approx(102.5) and p.remaining == 0 and p.reached
    assert p.ended and p.pace_needed is None and p.pace_needed_text == "hết kỳ"
    assert p.change == 32000 and p.pace_recent == pytest.approx(32000 / 3)  # 31/3 → 30/6: 3 months
    assert [f.name for f in p.formers] == ["Bắc Giang"] and p.formers[0].until == "30/6/2025"
    assert p.stale  # 30/6/2025 is before 7/9/2026


def test_successor_on_track_for_this_year(progress) -> None:
    p = progress["ke-hoach-bac-ninh-2026"]
    assert (p.latest.value, p.previous.value) == (97000, 95000)
    assert p.percent == pytest.approx(97.0) and p.remaining == 3000
    assert p.months_left == 1 and p.pace_needed == 3000  # December left
    assert p.pace_recent == 1000 and p.change == 2000  # +2.000 in two months
    assert not p.stale and not p.ended and p.behind
    assert (p.rank, p.peers) == (1, 1)  # the only province with a 2026 target
    assert (p.percent_text, p.remaining_text, p.pace_needed_text, p.pace_recent_text) == (
        "97%",
        "3.000 người",
        "3.000 người/tháng",
        "1.000 người/tháng",
    )


def test_communes_ranked_within_their_province_and_a_stale_result(progress) -> None:
    dong, tay = progress["ke-hoach-xa-dong-2026"], progress["ke-hoach-xa-tay-2026"]
    assert (dong.percent, dong.remaining, dong.pace_needed, dong.pace_recent) == (75.0, 120, 120, 20)
    assert (tay.percent, tay.remaining, tay.pace_needed) == (104.0, 0, None)  # already exceeded
    assert (tay.rank, dong.rank, tay.peers) == (1, 2, 2)
    assert tay.stale and not dong.stale  # 31/7/2026 is before 7/9/2026; 30/11/2026 is not
    assert tay.pace_needed_text == "đã đạt"


def test_a_rate_target_counts_in_percentage_points(progress) -> None:
    p = progress["ke-hoach-xa-dong-bhyt-2026"]
    assert p.percent == pytest.approx(93.5 / 95 * 100) and p.remaining == pytest.approx(1.5)
    assert p.months_left == 2 and p.pace_needed == pytest.approx(0.75) and p.pace_recent is None
    assert p.remaining_text == "1,5 điểm phần trăm" and p.pace_needed_text == "0,75 điểm %/tháng"


# --- outputs of an outside content set, built as an editor builds it, against the hand computation ----


@pytest.fixture(scope="module")
def tree_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.sitebuild import lantoa, project_copy

    content = write_tree(tmp_path_factory.mktemp("content") / "stories")
    project = project_copy(tmp_path_factory.mktemp("project"), content, own_docs=True)
    settings = project / "mkdocs.yml"  # with posts and cards on new results
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("    social: false", "    social: true"),
        encoding="utf-8",
    )
    result = lantoa(project, "build", "--content", "stories", "--out", "site", "--date", "2026-12-07")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def _text(html_file: Path) -> str:
    import re

    html = html_file.read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", html, re.S)
    assert article is not None
    return " ".join(re.sub(r"<[^>]+>", " ", article.group(0)).split())


def test_the_province_page_table_and_chart_show_the_hand_worked_figures(tree_site: Path) -> None:
    page = tree_site / "noi-dung/tien-do/bac-ninh/index.html"
    text = _text(page)
    # table rows: plan, result (as of), % achieved, still to do, pace needed, recent pace, rank
    assert "Bắc Ninh 97% 97.000 người (30/11/2026) 100.000 người" in text
    assert "3.000 người 3.000 người/tháng 1.000 người/tháng 1/1" in text
    assert (
        "Người tham gia BHXH tự nguyện, năm 2026 Đơn vị Đạt Kết quả Kế hoạch Còn Cần mỗi tháng Mấy tháng qua "
        "Hạng Ghi chú Xã Tây 104% 520 người (31/7/2026) 500 người đã đạt đã đạt" in text
    )
    assert "Xã Đông 75% 360 người (30/11/2026) 480 người 120 người" in text
    assert "120 người/tháng 20 người/tháng 2/2" in text and "Số liệu cũ" in text
    assert "Bắc Ninh 102,5% 82.000 người (30/6/2025) 80.000 người đã đạt hết kỳ" in text
    # the page says that a former unit counts
    assert (
        "Kết quả của Bắc Ninh gồm cả số liệu của đơn vị cũ nay thuộc Bắc Ninh: Bắc Giang (đến 30/6/2025)"
        in text
    )
    # the chart: the same numbers, labels of at least 14 px
    html = page.read_text(encoding="utf-8")
    assert (
        html.count('class="lt-progress-chart"') == 3
    )  # one per indicator and period: BHXH 2026, 2025; BHYT 2026
    import re

    sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', html)]
    assert sizes and min(sizes) >= 14
    assert "Xã Đông: <tspan" in html and "360 người / 480 người, còn 120 người" in html


def test_the_national_page_ranks_provinces_and_is_searchable(tree_site: Path) -> None:
    text = _text(tree_site / "noi-dung/tien-do/index.html")
    assert "Bắc Ninh 97% 97.000 người (30/11/2026) 100.000 người" in text
    assert "Bắc Ninh — 2/5 kế hoạch đạt" in text
    html = (tree_site / "noi-dung/tien-do/index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-filter="Loại">Tiến độ' in html


def test_the_a4_sheet_lists_units_by_percent_achieved(tree_site: Path) -> None:
    import subprocess

    pdf = tree_site / "to-roi/don-vi/bac-ninh-tien-do.pdf"
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    order = [
        text.index(f"{n} {name}")
        for n, name in enumerate(["Xã Tây", "Bắc Ninh", "Xã Đông", "Bắc Ninh", "Xã Đông"], 1)
    ]
    assert order == sorted(order)
    flat = "".join(text.split())  # cells wrap: compare without spaces
    for figure in (
        "104%",
        "102,5%",
        "98,42%",
        "97%",
        "75%",
        "3.000người/tháng",
        "120người/tháng",
        "Sốliệucũ",
    ):
        assert figure in flat
    import json

    manifest = json.loads((tree_site / "manifest.json").read_text(encoding="utf-8"))
    sheets = [f for f in manifest["records"]["unit/bac-ninh"]["leaflet"] if f["variant"] == "progress-sheet"]
    assert sheets == [{"file": "to-roi/don-vi/bac-ninh-tien-do.pdf", "variant": "progress-sheet", "pages": 1}]


def test_the_commune_bulletin_says_where_it_stands_in_spoken_form(tree_site: Path) -> None:
    script = (tree_site / "loa/don-vi/xa-dong.txt").read_text(encoding="utf-8")
    assert (
        "Đến hết tháng mười một, xã ta có ba trăm sáu mươi người tham gia bảo hiểm xã hội tự nguyện, "
        "đạt bảy mươi lăm phần trăm kế hoạch năm, còn một trăm hai mươi người. "
        "Mỗi tháng cần thêm khoảng một trăm hai mươi người."
    ) in script
    province = (tree_site / "loa/don-vi/bac-ninh.txt").read_text(encoding="utf-8")
    assert (
        "tỉnh ta có chín mươi bảy nghìn người" in province and "Số liệu gồm cả Bắc Giang cũ." not in province
    )


def test_a_new_result_makes_a_post_and_card_for_the_province(tree_site: Path) -> None:
    import json

    from PIL import Image

    post = (tree_site / "mang-xa-hoi/tien-do/bac-ninh-2026-11-30-facebook.txt").read_text(encoding="utf-8")
    assert "Tiến độ kế hoạch ở Bắc Ninh: kết quả đến ngày 30/11/2026" in post
    assert "2/5 kế hoạch đạt ở Bắc Ninh." in post
    assert (
        "Bắc Ninh: 97.000 người, đạt 97% kế hoạch năm 2026, còn 3.000 người (cần 3.000 người/tháng)." in post
    )
    assert "Xã Đông: 360 người, đạt 75% kế hoạch năm 2026, còn 120 người (cần 120 người/tháng)." in post
    assert post.index("Bắc Ninh: 97.000") < post.index("Xã Đông: 360")
    with Image.open(tree_site / "mang-xa-hoi/tien-do/bac-ninh-2026-11-30.png") as card:
        assert card.size == (1200, 630)
    manifest = json.loads((tree_site / "manifest.json").read_text(encoding="utf-8"))["records"]
    variants = {f["variant"] for f in manifest["progress/bac-ninh-2026-11-30"]["social"]}
    assert variants == {"facebook", "zalo", "card"}


def test_a_target_has_its_own_page_with_the_same_figures(tree_site: Path) -> None:
    text = _text(tree_site / "noi-dung/ke-hoach/ke-hoach-xa-dong-2026/index.html")
    assert "Kế hoạch người tham gia BHXH tự nguyện năm 2026: Xã Đông Xã Đông, Bắc Ninh" in text
    assert "Kế hoạch 480 người Kết quả mới nhất 360 người (30/11/2026) Đạt 75% Còn 120 người" in text
    assert "Nguồn: UBND tỉnh, “Kế hoạch thử”, ngày 5/1/2026" in text


def test_a_former_unit_s_own_target_says_what_it_became(tmp_path: Path) -> None:
    from generator.present.progress import compute, notes

    extra = {
        "bac-ninh/ke-hoach-bac-giang.yaml": (
            "kind: target\nunit: bac-giang\nindicator: bhxh_tu_nguyen\nperiod: 2025\nvalue: 51100\n" + PLAN
        )
    }
    content = load_content(write_tree(tmp_path / "stories", extra), "stories")
    (p,) = [p for p in compute(content, TODAY) if p.target_id == "ke-hoach-bac-giang"]
    assert (p.latest.value, p.percent_text, p.formers) == (52000, "101,76%", ())  # Hiệp Hòa is inside it
    assert (
        "Bắc Giang thôi tồn tại từ 1/7/2025, nay thuộc Bắc Ninh; "
        "kết quả trên là của Bắc Giang trước khi sáp nhập." in notes([p])
    )


def test_the_sample_shows_its_real_targets_only() -> None:
    from generator.present.progress import compute
    from tests.conftest import ROOT

    content = load_content(ROOT / "stories", "stories")
    assert not content.report.errors
    found = {p.target_id: p for p in compute(content, TODAY)}
    assert set(found) == {"bac-giang-bhxh-tn-2025", "mai-son-bhyt-2023"}  # the three examples never show
    bac_giang = found["bac-giang-bhxh-tn-2025"]
    # Chỉ thị 08-CT/TU: 51.100 by the end of 2025; "gần 54 nghìn" at the end of 2024 (Báo Xây dựng)
    assert (bac_giang.latest.value, bac_giang.percent_text, bac_giang.reached, bac_giang.ended) == (
        54000,
        "105,68%",
        True,
        True,
    )
    assert bac_giang.source.publisher == "Tỉnh ủy Bắc Giang" and str(bac_giang.source.date) == "2021-07-02"
