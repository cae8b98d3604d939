"""The page's calculator.js against the Python reference, in headless Chromium, to the đồng.

One page load: every generated case goes to ``window.lantoaCalc`` in a single ``evaluate`` call and the
whole JSON result (amounts, rules, sources, records, dates) must equal ``as_json()`` of the Python result.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.model import calculator as calc
from tests.browser import AXE, axe_violations, serve

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("calculator")]

ROOT = Path(__file__).resolve().parent.parent
TIMELINE_PATH = ROOT / "tests" / "fixtures" / "policy_timeline.json"
TIMELINE = json.loads(TIMELINE_PATH.read_text(encoding="utf-8"))

DATES = [
    "2024-07-01",
    "2025-06-30",
    "2025-07-01",
    "2026-06-30",
    "2026-07-01",
    "2026-12-02",
    "2026-12-31",
    "2027-01-01",
    "2027-06-30",
]
GROUP_SETS = [
    ["ho-ngheo"],
    ["ho-can-ngheo"],
    ["dan-toc-thieu-so"],
    ["khac"],
    ["dan-toc-thieu-so", "ho-can-ngheo"],
    ["khac", "ho-ngheo"],
    ["dan-toc-thieu-so", "khac"],
    ["khac", "dan-toc-thieu-so", "ho-can-ngheo", "ho-ngheo"],
]
PROVINCES = [None, "quang-ngai", "ha-noi"]


def contribution_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    turn = 0
    for day in DATES:
        low, high = calc.income_limits(TIMELINE, date.fromisoformat(day))
        incomes = [low - 1, low, low + 1, low + 333_333, 5_000_000, 12_345_678, high - 1, high, high + 1]
        for groups in GROUP_SETS:
            for income in incomes:
                cases.append(
                    {
                        "income": income,
                        "groups": groups,
                        "date": day,
                        "months": (1, 3, 6, 12)[turn % 4],
                        "province": PROVINCES[turn % 3],
                    }
                )
                turn += 1
    cases += [
        {"income": 2_000_000, "groups": ["khac"], "date": "2026-12-02", "months": 2, "province": None},
        {"income": 2_000_000, "groups": [], "date": "2026-12-02", "months": 1, "province": None},
        {"income": 2_000_000, "groups": ["ho-giau"], "date": "2026-12-02", "months": 1, "province": None},
        {"income": 2_000_000, "groups": ["khac"], "date": "2021-12-31", "months": 1, "province": None},
    ]
    return cases


def pension_cases() -> list[dict[str, Any]]:
    rng = random.Random(10)
    births = [f"{y}-{m:02d}" for y in (1960, 1961, 1965, 1966) for m in (1, 3, 4, 6, 7, 9, 10, 12)]
    births += ["1970-05", "1975-01", "1979-06", "1979-12", "1980-01", "1986-08", "1999-02", "2008-11"]
    cases = []
    for index, born in enumerate(births):
        for gender in ("nam", "nữ"):
            day = rng.choice(DATES[1:])
            low, high = calc.income_limits(TIMELINE, date.fromisoformat(day))
            cases.append(
                {
                    "born": born,
                    "gender": gender,
                    "paid_months": rng.choice([0, 1, 100, 173, 174, 179, 180, 181, 239, 240, 247, 400, 720]),
                    "income": rng.choice([1_500_000, 3_333_333, 5_000_000, high]),
                    "plan_income": rng.choice([None, low, low + 1_234_567, high]),
                    "date": day,
                    "groups": GROUP_SETS[index % len(GROUP_SETS)],
                    "province": PROVINCES[index % 3],
                }
            )
    for paid in (163, 169, 170, 175, 176, 217, 218, 223):  # men between 15 and 20 years: half-year rates
        cases.append(
            {
                "born": "1966-04",
                "gender": "nam",
                "paid_months": paid,
                "income": 4_000_001,
                "date": "2026-12-02",
            }
        )
    cases += [dict(case, date=day) for case in LAW_CASES for day in ("2026-12-02", "2027-10-01")]
    cases += [
        {"born": "1970-05", "gender": "nữ", "paid_months": 120, "income": 5_000_000, "date": "2026-12-02"},
        {"born": "1970-13", "gender": "nữ", "paid_months": 0, "income": 5_000_000, "date": "2026-12-02"},
        {"born": "2015-01", "gender": "nam", "paid_months": 0, "income": 5_000_000, "date": "2026-12-02"},
        {"born": "1980-01", "gender": "nam", "paid_months": 0, "income": 1_000_000, "date": "2026-12-02"},
    ]
    return cases


# The cases of issue 18 item 7 and 8: past the age short by ≤ 60 months and by more, already eligible,
# eligible later, 14 years 7 months, years above 30, the lump sum with the year paying began.
LAW_CASES: list[dict[str, Any]] = [
    {"born": "1940-01", "gender": "nữ", "paid_months": 100, "income": 3_000_000},
    {"born": "1940-01", "gender": "nữ", "paid_months": 150, "income": 3_000_000, "groups": ["ho-ngheo"]},
    {"born": "1960-01", "gender": "nữ", "paid_months": 120, "income": 3_000_000},
    {"born": "1960-01", "gender": "nữ", "paid_months": 200, "income": 3_000_000},
    {"born": "1965-03", "gender": "nam", "paid_months": 240, "income": 4_000_000},
    {"born": "1965-03", "gender": "nam", "paid_months": 170, "income": 4_000_000, "started": 2005},
    {"born": "1965-03", "gender": "nữ", "paid_months": 396, "income": 4_000_000},
    {"born": "1965-03", "gender": "nữ", "paid_months": 396, "income": 4_000_000, "started": 1990},
    {"born": "1970-05", "gender": "nữ", "paid_months": 165, "income": 3_000_000},
    {"born": "1970-05", "gender": "nữ", "paid_months": 175, "income": 3_000_000},
    {"born": "1970-05", "gender": "nữ", "paid_months": 380, "income": 4_000_000, "started": 1994},
    {"born": "1970-05", "gender": "nữ", "paid_months": 100, "income": 3_000_000, "started": 1980},
    {"born": "1966-04", "gender": "nam", "paid_months": 100, "income": 3_000_000, "groups": ["ho-can-ngheo"]},
    {"born": "1966-04", "gender": "nam", "paid_months": 410, "income": 3_000_000, "started": 1992},
    {"born": "1986-08", "gender": "nam", "paid_months": 0, "income": 0, "plan_income": 2_200_000},
]


def bhyt_cases() -> list[dict[str, Any]]:
    days = ("2025-06-30", "2026-06-30", "2026-07-01")
    cases = [{"members": n, "date": day} for n in range(1, 8) for day in days]
    return [*cases, {"members": 0, "date": "2026-07-01"}, {"members": 2, "date": "2018-11-30"}]


def python_result(kind: str, args: dict[str, Any]) -> dict[str, Any]:
    on = date.fromisoformat(args["date"])
    try:
        if kind == "contribution":
            result = calc.contribution(
                TIMELINE, args["income"], args["groups"], on, args["months"], args["province"]
            )
        elif kind == "pension":
            year, month = (int(part) for part in args["born"].split("-"))
            result = calc.pension(
                TIMELINE,
                (year, month),
                args["gender"],
                args["paid_months"],
                args["income"],
                args.get("plan_income"),
                on,
                args.get("groups", ("khac",)),
                args.get("province"),
                args.get("started"),
            )
        else:
            result = calc.bhyt(TIMELINE, args["members"], on)
    except calc.CalculationError as error:
        return {"error": str(error)}
    return json.loads(json.dumps(result.as_json(), ensure_ascii=False))


def render_page(folder: Path) -> None:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "generator" / "templates" / "site"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    fragment = env.get_template("calculator.html").render(
        timeline_url="du-lieu/chinh-sach.json",
        provinces=[("quang-ngai", "Quảng Ngãi (ví dụ)")],
        hotline=None,
        notices={"2027-01-01": "thong-bao/chuan-ngheo-nong-thon-2027-01-01/"},
    )
    page = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Máy tính BHXH tự nguyện</title>
<link rel="stylesheet" href="assets/calculator.css">
<script src="assets/calculator.js" defer></script>
</head><body><main><h1>Máy tính BHXH tự nguyện</h1>{fragment}</main></body></html>"""
    (folder / "index.html").write_text(page, encoding="utf-8")
    (folder / "assets").mkdir()
    for name in ("calculator.js", "calculator.css"):
        shutil.copy(ROOT / "docs" / "assets" / name, folder / "assets" / name)
    (folder / "du-lieu").mkdir()
    (folder / "du-lieu" / "chinh-sach.json").write_text(calc.timeline_json(TIMELINE), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("calculator")
    render_page(folder)
    with serve(folder) as url:
        yield url


def open_page(chromium: Any, url: str, width: int = 1024) -> tuple[Any, Any, list[str]]:
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    page.evaluate("() => window.lantoaCalcReady")
    return context, page, requests


RUN_ALL = """(cases) => cases.map(([kind, args]) => {
  try { return window.lantoaCalc[kind](args); }
  catch (error) {
    if (error instanceof window.lantoaCalc.CalculationError) return {error: error.message};
    return {crash: String(error)};
  }
})"""


def test_script_matches_python_on_generated_cases(chromium: Any, site: str) -> None:
    cases = [("contribution", c) for c in contribution_cases()]
    cases += [("pension", c) for c in pension_cases()]
    cases += [("bhyt", c) for c in bhyt_cases()]
    assert len(cases) >= 200
    expected = [python_result(kind, args) for kind, args in cases]
    assert sum("error" not in e for e in expected) >= 200
    windows = [
        (day, later) for day in DATES for later in ("2025-07-31", "2027-03-01", "2030-01-01") if day < later
    ]
    expected_changes = [
        [c.as_json() for c in calc.changes_between(TIMELINE, date.fromisoformat(a), date.fromisoformat(b))]
        for a, b in windows
    ]
    context, page, _ = open_page(chromium, site)
    try:
        actual = json.loads(page.evaluate(f"(cases) => JSON.stringify(({RUN_ALL})(cases))", cases))
        changes = page.evaluate("(ws) => ws.map(([a, b]) => window.lantoaCalc.changesBetween(a, b))", windows)
    finally:
        context.close()
    assert changes == expected_changes
    mismatches = [
        (kind, args, exp, act)
        for (kind, args), exp, act in zip(cases, expected, actual, strict=True)
        if exp != act
    ]
    assert not mismatches, json.dumps(mismatches[:3], ensure_ascii=False, indent=1)


def test_amount_parser_matches_python_on_the_shared_table(chromium: Any, site: str) -> None:
    table = json.loads((ROOT / "tests" / "fixtures" / "amounts.json").read_text(encoding="utf-8"))
    context, page, _ = open_page(chromium, site)
    try:
        actual = page.evaluate("(rows) => rows.map((r) => window.lantoaCalc.parseAmount(r.text))", table)
    finally:
        context.close()
    expected = [{"value": r["value"]} if "value" in r else {"error": r["error"]} for r in table]
    mismatches = [(r["text"], e, a) for r, e, a in zip(table, expected, actual, strict=True) if e != a]
    assert not mismatches, mismatches


def set_date(page: Any, day: str) -> None:
    """The date is folded under "Tính cho ngày khác"."""
    if not page.locator("#lt-calc-date").is_visible():
        page.get_by_text("Tính cho ngày khác").click()
    page.fill("#lt-calc-date", day)


def test_form_filled_with_the_keyboard_shows_the_worked_example(chromium: Any, site: str) -> None:
    context, page, _ = open_page(chromium, site)
    try:
        set_date(page, "2026-12-02")
        page.focus("#lt-calc-income")
        page.keyboard.press("Control+A")
        page.keyboard.type("1.500.000")
        page.keyboard.press("Tab")  # the slider
        page.keyboard.press("Tab")  # hộ nghèo
        page.keyboard.press("Tab")  # hộ cận nghèo
        page.keyboard.press("Tab")  # dân tộc thiểu số
        page.keyboard.press("Space")  # ticking it clears "đối tượng khác"
        page.keyboard.press("Tab")  # khác
        page.keyboard.press("Tab")  # province
        page.keyboard.press("Tab")  # months: hằng tháng
        page.keyboard.press("ArrowRight")  # 3 tháng
        page.keyboard.press("Enter")
        result = page.locator("[data-result='contribution']")
        result.get_by_text("231.000 đồng/tháng").first.wait_for()
        assert not page.is_checked("input[name='group'][value='khac']")
        text = result.inner_text()
        assert "Mỗi lần đóng 3 tháng: 693.000 đồng" in text
        assert "99.000 đồng/tháng" in text  # 30% × 22% × 1.500.000
        assert "Nghị định 159/2025/NĐ-CP, Điều 5" in text
        assert "chưa đối chiếu văn bản gốc" in text and "dự kiến" not in text
        assert page.get_attribute("[data-result='contribution']", "aria-live") == "polite"
        # the change ahead, once, as one line beside the result: this person's amount from that day
        change = result.locator(".lt-calc__change")
        assert change.count() == 1
        assert change.inner_text().startswith(
            "Từ 1/1/2027: 338.800 đồng/tháng (thu nhập thấp nhất lên 2.200.000"
        )
        assert change.locator("a").get_attribute("href") == "thong-bao/chuan-ngheo-nong-thon-2027-01-01/"
        assert page.locator(".lt-calc").inner_text().count("Từ 1/1/2027") == 1
        page.get_by_role("link", name="BHYT hộ gia đình").click()
        assert page.evaluate("() => location.hash") == "#bhyt-ho-gia-dinh"
        page.fill("#lt-calc-members", "4")
        set_date(page, "2026-07-01")
        page.locator("[data-result='bhyt']").get_by_text("3.825.360 đồng/năm").first.wait_for()
    finally:
        context.close()


def test_first_input_on_the_first_screen_and_tools_by_fragment(chromium: Any, site: str) -> None:
    context, page, _ = open_page(chromium, site, width=390)
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        box = page.locator("#lt-calc-income").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844 - 100  # with room for a header
        assert not page.is_visible("#lt-calc-date")  # folded under "Tính cho ngày khác"
        assert page.is_visible("#lt-calc-income") and not page.is_visible("#lt-calc-members")
        page.goto(site + "#luong-huu")
        page.evaluate("() => window.lantoaCalcReady")
        assert page.is_visible("#lt-calc-born") and not page.is_visible("#lt-calc-income")
        assert page.get_attribute("[data-tab='luong-huu']", "aria-current") == "true"
        page.get_by_role("link", name="Mức đóng BHXH").click()
        assert page.is_visible("#lt-calc-income")
        assert page.evaluate("() => location.hash") == "#muc-dong"
    finally:
        context.close()


def test_amount_field_takes_what_people_write_and_says_what_is_wrong(chromium: Any, site: str) -> None:
    context, page, _ = open_page(chromium, site, width=390)
    try:
        set_date(page, "2026-12-02")
        page.check("input[name='group'][value='dan-toc-thieu-so']")
        income = page.locator("#lt-calc-income")
        error = page.locator("#lt-calc-income-error")
        result = page.locator("[data-result='contribution']")
        for typed in ("1tr5", "1,5 triệu", "1500k", "１５０００００", "1.500.000đ"):
            income.fill("")
            income.type(typed)
            income.press("Tab")
            result.get_by_text("231.000 đồng/tháng").first.wait_for()
            assert income.get_attribute("aria-invalid") is None and error.inner_text() == ""
        income.fill("")
        income.type("1500000")
        assert income.input_value() == "1.500.000"  # dots while typing
        for typed in ("1.5tr", "1 triệu rưỡi", "1,5 triệu"):  # a person's own dots and spaces stay
            income.fill("")
            income.type(typed)
            assert income.input_value() == typed
        cases = [
            ("abc", "Hãy gõ số tiền, ví dụ 1.500.000"),
            ("", "Hãy gõ số tiền, ví dụ 1.500.000"),
            ("-1500000", "Hãy gõ số tiền, ví dụ 1.500.000"),
            ("1.000.000", "Thấp nhất là 1.500.000 đồng"),
            ("999999999999", "Cao nhất là 50.600.000 đồng"),
        ]
        for typed, message in cases:
            before = error.inner_text()
            income.fill("")
            income.type(typed)
            assert error.inner_text() == before  # nothing appears or changes while typing
            income.press("Tab")
            assert error.inner_text() == message
            assert income.get_attribute("aria-invalid") == "true"
            assert "lt-calc-income-error" in (income.get_attribute("aria-describedby") or "").split()
        income.fill("2 triệu")
        page.locator("[data-part=contribution] button[type=submit]").click()
        assert error.inner_text() == "" and income.get_attribute("aria-invalid") is None
        result.get_by_text("341.000 đồng/tháng").first.wait_for()  # 440.000 − 99.000
        # "Đối tượng khác" excludes the other groups, and the other way round
        page.check("input[name='group'][value='khac']")
        assert not page.is_checked("input[name='group'][value='dan-toc-thieu-so']")
        page.check("input[name='group'][value='ho-ngheo']")
        assert not page.is_checked("input[name='group'][value='khac']")
    finally:
        context.close()


def test_fits_a_360px_phone_and_stays_on_loopback(chromium: Any, site: str) -> None:
    context, page, requests = open_page(chromium, site, width=360)
    try:
        page.wait_for_selector("[data-ready='true']")
        set_date(page, "2026-12-02")
        page.fill("#lt-calc-income", "50600000")
        page.locator("[data-part=contribution] button[type=submit]").click()
        page.locator("[data-result='contribution']").get_by_text("11.066.000").first.wait_for()
        for tab in ("Lương hưu", "BHYT hộ gia đình", "Mức đóng BHXH"):
            page.get_by_role("link", name=tab).click()
            assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.emulate_media(media="print")
        assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    finally:
        context.close()
    assert requests
    assert all(url.startswith(site) for url in requests), requests


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by make setup")
def test_no_wcag_a_or_aa_violations_with_results_and_an_error(chromium: Any, site: str) -> None:
    context, page, _ = open_page(chromium, site, width=390)
    try:
        set_date(page, "2026-12-02")
        page.check("input[value='ho-ngheo']")
        page.select_option("#lt-calc-province", "quang-ngai")
        page.locator("[data-result='contribution']").get_by_text("Người tham gia đóng").wait_for()
        with_results = axe_violations(page)
        page.fill("#lt-calc-income", "abc")  # an error at the field
        page.press("#lt-calc-income", "Tab")
        page.locator("#lt-calc-income-error").get_by_text("Hãy gõ số tiền").wait_for()
        with_field_error = axe_violations(page)
        page.get_by_role("link", name="BHYT hộ gia đình").click()
        page.fill("#lt-calc-members", "0")  # an error message in the BHYT part
        page.press("#lt-calc-members", "Tab")
        page.locator("[data-result='bhyt'] .lt-calc__error").wait_for()
        with_error = axe_violations(page)
    finally:
        context.close()
    assert with_results == [] and with_field_error == [] and with_error == []


def test_pension_form_past_the_age_gives_options_not_a_projection(chromium: Any, site: str) -> None:
    context, page, _ = open_page(chromium, site, width=390)
    try:
        set_date(page, "2026-12-02")
        page.get_by_role("link", name="Lương hưu").click()
        page.fill("#lt-calc-born", "1940-01")
        page.check("input[name='gender'][value='nữ']")
        page.fill("#lt-calc-paid-years", "8")
        page.fill("#lt-calc-paid", "4")
        page.fill("#lt-calc-past", "3000000")
        page.locator("[data-part=pension] button[type=submit]").click()
        result = page.locator("[data-result='pension']")
        result.get_by_text("Không đủ 15 năm đóng để hưởng lương hưu").first.wait_for()
        text = result.inner_text()
        assert "Lương hưu ước tính" not in text and "2036" not in text
        assert "500.000 đồng/tháng" in text and "đã đủ 75 tuổi" in text
        page.fill("#lt-calc-born", "1965-03")
        page.check("input[name='gender'][value='nam']")
        page.fill("#lt-calc-paid-years", "20")
        page.fill("#lt-calc-paid", "0")
        page.locator("[data-part=pension] button[type=submit]").click()
        result.get_by_text("Đã đủ điều kiện hưởng lương hưu").first.wait_for()
        text = result.inner_text()
        assert "Từ tháng 10/2026" in text and "trả bù" in text
        assert "VssID" in page.locator("#lt-calc-paid-hint").inner_text()
    finally:
        context.close()
