"""generator.model.provinces against the real vietnam-provinces data (2025 and legacy lists)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import FrozenInstanceError

import pytest

from generator.model import provinces
from generator.model.provinces import (
    Division,
    find_current,
    find_legacy,
    names_match,
    names_match_any,
    search,
    successors,
)


def names(divisions: list[Division]) -> list[str]:
    return [d.name for d in divisions]


# --- legacy list ---------------------------------------------------------------------


def test_son_tinh_district_legacy() -> None:
    son_tinh = find_legacy("527")
    assert son_tinh == Division("527", "Huyện Sơn Tịnh", "Sơn Tịnh", "district", True, "51")
    assert find_legacy("51") == Division("51", "Tỉnh Quảng Ngãi", "Quảng Ngãi", "province", True, "51")
    # Districts no longer exist: a district code is never a current division.
    assert find_current("527") is None


def test_mai_son_and_na_po() -> None:
    mai_son = find_legacy("125")
    assert mai_son is not None
    assert (mai_son.name, mai_son.level, mai_son.province_code) == (
        "Huyện Mai Sơn",
        "district",
        "14",
    )
    assert find_legacy("14").name == "Tỉnh Sơn La"  # type: ignore[union-attr]
    na_po = find_legacy("04136")
    assert na_po == Division("04136", "Xã Nà Pó", "Nà Pó", "ward", True, "14")
    assert find_legacy("4136") == na_po  # leading zeros are optional
    assert names(successors("04136")) == ["Xã Tà Hộc"]
    assert "Xã Tà Hộc" in names(successors("125"))
    assert find_current("04105").name == "Xã Mai Sơn"  # type: ignore[union-attr]


def test_bac_giang_province_and_successor() -> None:
    bac_giang = find_legacy("24")
    assert bac_giang is not None and bac_giang.name == "Tỉnh Bắc Giang"
    assert successors("24") == [find_current("24")]
    assert find_current("24").name == "Thành phố Bắc Ninh"  # type: ignore[union-attr]
    # The old Bắc Ninh province (27) went into the same current province.
    assert names(successors("27")) == ["Thành phố Bắc Ninh"]


BAC_GIANG_DISTRICTS = {
    "223": ("Huyện Hiệp Hòa", ["Xã Hiệp Hoà", "Xã Hoàng Vân", "Xã Hợp Thịnh", "Xã Xuân Cẩm"]),
    "222": (
        "Thị xã Việt Yên",
        ["Phường Nếnh", "Phường Tự Lạn", "Phường Vân Hà", "Phường Việt Yên"],
    ),
    "217": (
        "Huyện Lạng Giang",
        ["Xã Kép", "Xã Lạng Giang", "Xã Mỹ Thái", "Xã Tân Dĩnh", "Xã Tiên Lục"],
    ),
    "216": (
        "Huyện Tân Yên",
        [
            "Phường Đa Mai",
            "Xã Ngọc Thiện",
            "Xã Nhã Nam",
            "Xã Phúc Hòa",
            "Xã Quang Trung",
            "Xã Tân Yên",
        ],
    ),
    "219": (
        "Huyện Lục Ngạn",
        [
            "Xã Biển Động",  # sorted without accents: "bien dong" < "bien son"
            "Xã Biên Sơn",
            "Xã Đèo Gia",
            "Xã Lục Ngạn",
            "Xã Nam Dương",
            "Xã Sa Lý",
            "Xã Sơn Hải",
            "Xã Tân Sơn",
        ],
    ),
}


@pytest.mark.parametrize("code", list(BAC_GIANG_DISTRICTS))
def test_bac_giang_districts(code: str) -> None:
    name, after = BAC_GIANG_DISTRICTS[code]
    district = find_legacy(code)
    assert district is not None
    assert (district.name, district.level, district.province_code) == (name, "district", "24")
    found = successors(code)
    assert names(found) == after  # deduplicated, sorted by name (accents ignored)
    assert all(not d.legacy and d.level == "ward" and d.province_code == "24" for d in found)


def test_son_tinh_successors_match_content_model_example() -> None:
    assert names(successors("527")) == [
        "Xã Ba Gia",
        "Xã Sơn Tịnh",
        "Xã Thọ Phong",
        "Xã Trường Giang",
    ]


def test_a_luoi_district_and_its_five_communes() -> None:
    a_luoi = find_legacy("481")
    assert a_luoi is not None
    assert (a_luoi.name, a_luoi.province_code) == ("Huyện A Lưới", "46")
    after = successors("481")
    assert names(after) == [f"Xã A Lưới {n}" for n in range(1, 6)]
    assert [d.code for d in after] == ["20056", "20044", "20071", "20101", "20050"]
    assert {d.province_code for d in after} == {"46"}
    assert find_current("46").name == "Thành phố Huế"  # type: ignore[union-attr]
    # Numbered names keep their number in the short name.
    assert find_current("20056").short_name == "A Lưới 1"  # type: ignore[union-attr]


def test_split_province_has_several_successors() -> None:
    assert names(successors("82")) == ["Tỉnh Đồng Tháp", "Tỉnh Tây Ninh"]  # Tiền Giang


# --- current list and codes ----------------------------------------------------------


def test_current_list_sizes() -> None:
    table = provinces._current().by_code
    assert sum(1 for level, _ in table if level == "province") == 34
    legacy = provinces._legacy().by_code
    assert sum(1 for level, _ in legacy if level == "province") == 63


def test_code_length_decides_level() -> None:
    # 4 is both Tỉnh Cao Bằng and Phường Ba Đình in the current list.
    assert find_current("04").name == "Tỉnh Cao Bằng"  # type: ignore[union-attr]
    assert find_current("4").name == "Tỉnh Cao Bằng"  # type: ignore[union-attr]
    assert find_current("00004").name == "Phường Ba Đình"  # type: ignore[union-attr]
    assert find_current("01").code == "01"  # type: ignore[union-attr]


@pytest.mark.parametrize("bad", ["", "abc", "12a", "123456", "-1", "٥١", "99"])
def test_bad_codes(bad: str) -> None:
    assert find_current(bad) is None
    assert find_legacy(bad) is None
    assert successors(bad) == []


def test_division_is_frozen() -> None:
    division = find_legacy("527")
    assert division is not None
    with pytest.raises(FrozenInstanceError):
        division.name = "x"  # type: ignore[misc]


# --- names ---------------------------------------------------------------------------


def test_names_match_loosely() -> None:
    son_tinh = find_legacy("527")
    assert son_tinh is not None
    assert names_match("Sơn Tịnh", son_tinh)
    assert names_match("huyện  sơn tịnh", son_tinh)
    assert names_match("Huye\u0302\u0323n So\u031bn Ti\u0323nh", son_tinh)  # NFD input
    assert not names_match("Sơn Tịnh cũ", son_tinh)
    assert not names_match("Sơn Tinh", son_tinh)  # a different commune exists with that name
    assert not names_match("", son_tinh)


def test_names_match_tone_placement() -> None:
    hiep_hoa_ward = find_current("07840")  # spelled "Xã Hiệp Hoà" (old placement)
    hiep_hoa_district = find_legacy("223")  # spelled "Huyện Hiệp Hòa" (new placement)
    assert hiep_hoa_ward is not None and hiep_hoa_district is not None
    for division in (hiep_hoa_ward, hiep_hoa_district):
        assert names_match("Hiệp Hòa", division)
        assert names_match("Hiệp Hoà", division)
        assert not names_match("Hiệp Hóa", division)  # a different tone is a different name
    hoa_binh = find_legacy("17")
    assert hoa_binh is not None and hoa_binh.name == "Tỉnh Hoà Bình"
    assert names_match("Hòa Bình", hoa_binh)


def test_names_match_prefixes() -> None:
    viet_yen = find_legacy("222")
    hcm = find_current("79")
    assert viet_yen is not None and hcm is not None
    assert names_match("Việt Yên", viet_yen)
    assert names_match("TX. Việt Yên", viet_yen)
    assert names_match("Hồ Chí Minh", hcm)
    assert names_match("TP Hồ Chí Minh", hcm)
    assert names_match("Tp.Hồ Chí Minh", hcm)


def test_names_match_any_with_aliases() -> None:
    na_po = find_legacy("04136")
    assert na_po is not None
    assert not names_match("Nà Bó", na_po)
    assert names_match_any(["Nà Bó", "Nà Pó"], na_po)
    assert not names_match_any([], na_po)


def test_thua_thien_hue_is_a_former_name_of_legacy_46() -> None:
    hue = find_legacy("46")
    assert hue is not None and hue.name == "Thành phố Huế"
    assert names_match("Thừa Thiên Huế", hue)
    assert names_match("Tỉnh Thừa Thiên Huế", hue)
    assert names_match("Huế", hue)
    assert search("Thừa Thiên Huế", legacy=True)[0] == hue


# --- search --------------------------------------------------------------------------


def test_search_son_tinh() -> None:
    found = search("Sơn Tịnh", legacy=True)
    assert found[0].code == "527"
    assert search("huyen son tinh", legacy=True)[0].code == "527"
    assert search("Sơn Tịnh", legacy=True, level="ward")[0].name == "Xã Sơn Tinh"
    assert search("Sơn Tịnh", legacy=False)[0].code == "21220"


def test_search_prefix_prefers_level() -> None:
    # Huyện Mai Sơn and two communes Xã Mai Sơn: larger units first unless the prefix says.
    assert [d.level for d in search("Mai Sơn", legacy=True)] == ["district", "ward", "ward"]
    assert [d.level for d in search("Xã Mai Sơn", legacy=True)] == ["ward", "ward", "district"]
    assert search("xa mai son", legacy=True)[0].level == "ward"
    # A prefix typed without accents may be part of the name: "quan hoa" is not "Quận Hoa".
    assert names(search("Quan Hoa", legacy=True))[:2] == ["Phường Quan Hoa", "Huyện Quan Hóa"]


def test_search_accent_insensitive_and_typos() -> None:
    assert search("Na Po", legacy=True)[0].code == "04136"
    assert search("Nà Bó", legacy=True)[0].code == "04136"  # close spelling
    assert search("mai son", legacy=False)[0].code == "04105"
    assert search("Bắc Giang", legacy=True, level="province") == [find_legacy("24")]
    assert search("Bắc Giang", legacy=False, level="province") == []


def test_search_a_luoi_current() -> None:
    found = search("A Lưới", legacy=False)
    assert names(found) == [f"Xã A Lưới {n}" for n in range(1, 6)]
    assert search("A Lưới", legacy=True)[0].code == "481"


def test_search_limits_and_accents() -> None:
    found = search("Hiệp Hòa", legacy=False)
    assert 1 <= len(found) <= 5
    assert all(names_match("Hiệp Hòa", d) for d in found)
    assert len(search("Tân", legacy=True)) == 5
    assert search("", legacy=True) == []
    with pytest.raises(ValueError):
        search("Sơn Tịnh", legacy=True, level="county")


def test_import_is_lazy() -> None:
    code = (
        "import sys, generator.model.provinces;"
        "print(any(m.startswith('vietnam_provinces') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
