"""Write N synthetic but realistic, valid records into a content folder.

    .venv/bin/python benchmarks/generate_records.py DIR [--count 10000] [--seed 1]

The tree looks like the real one: one folder per current province (named by its unit
id) holding the province unit, its wards with official codes from vietnam-provinces,
abolished provinces and districts with legacy codes (kept by their successor, as Bắc
Ninh keeps Bắc Giang), villages, stories (YAML and Markdown, some with people who did
not consent, a few with images, a few drafts), statistics whose claims match their
figures, models and campaigns; plus toan-quoc/ for nationwide models. Everything
`lantoa check` verifies holds, so the benchmark measures a clean run.

Import and call ``generate(root, count, seed)`` from tests and benchmarks.
"""

from __future__ import annotations

import argparse
import base64
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SHARES = {"unit": 0.12, "story": 0.50, "model": 0.05, "statistic": 0.23, "campaign": 0.10}
MARKDOWN_SHARE = 0.3
DRAFT_SHARE = 0.02
IMAGE_SHARE = 0.05
NATIONWIDE = "toan-quoc"
ABOLISHED = "2025-06-30"
# A 4x3 PNG: the checker only needs the file to exist, a real image keeps builds honest.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAFElEQVR4nGM8YaPBAANMDEgAhQMALJgBMmbmEs8AAAAASUVORK5CYII="
)

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lò",
    "Hà",
]
MIDDLE = {"nam": ["Văn", "Đức", "Minh", "Quang", "Trọng"], "nữ": ["Thị", "Ngọc", "Thu", "Minh", "Thanh"]}
GIVEN = {
    "nam": ["Huy", "Dũng", "Tâm", "Phương", "Hùng", "Sơn", "Bình", "Khánh", "Lâm", "Tuấn", "Việt"],
    "nữ": ["Giang", "Lan", "Hoa", "Mai", "Hương", "Thảo", "Yến", "Nhung", "Hằng", "Oanh", "Xuân"],
}
ROLES = [
    "lao động tự do",
    "nông dân trồng vải thiều",
    "tiểu thương ở chợ xã",
    "thợ may",
    "trưởng thôn",
    "nhân viên thu BHXH, BHYT",
    "xã viên hợp tác xã",
    "chủ hộ kinh doanh",
]
TAGS = ["lương hưu", "BHYT", "heo đất", "đối thoại", "hỗ trợ mức đóng", "cán bộ xã", "người cao tuổi"]
AUDIENCES = [
    "ho-kinh-doanh",
    "nong-dan",
    "xa-vien-htx",
    "lao-dong-tu-do",
    "khong-chuyen-trach",
    "nguoi-than-can-bo",
    "huong-mot-lan",
    "dong-bao-dan-toc-thieu-so",
]
PUBLISHERS = [
    "Tạp chí BHXH",
    "Báo Nhân Dân",
    "Báo Xây dựng",
    "Đài truyền thanh xã",
    "Cổng thông tin BHXH tỉnh",
]
TITLES = [
    "Người thứ {n} trong nhà có sổ BHXH",
    "{who} bỏ heo đất để đóng BHXH tự nguyện",
    "Từ băn khoăn đến yên tâm: {who} và sổ BHXH",
    "{who} không rút BHXH một lần",
    "Mỗi ngày bớt một ít, về già có lương hưu",
    "Buổi đối thoại ở nhà văn hóa {place}",
]
SENTENCES = [
    "Sau buổi đối thoại nhóm nhỏ ở nhà văn hóa thôn, {who} đăng ký BHXH tự nguyện.",
    "Cán bộ xã và nhân viên thu đến tận nhà giải thích mức đóng, mức hỗ trợ của Nhà nước.",
    "{who} bớt chi tiêu hằng ngày để đóng đều mỗi tháng, như nuôi một con heo đất.",
    "Nay cả nhà {who} đều có thẻ BHYT và sổ BHXH.",
    "Người có lương hưu còn được cấp thẻ BHYT miễn phí, nên {who} thấy yên tâm hơn.",
    "Ở {place}, nhiều người trước đây nghĩ BHXH chỉ dành cho người làm nhà nước.",
    "Tổ xung kích đi từng ngõ, gõ từng nhà, kể chuyện những người đã nhận lương hưu.",
    "{who} tính rằng đóng thêm vài năm nữa là đủ hai mươi năm để hưởng lương hưu.",
]
QUOTES = [
    "Tự lo được cho mình mới là yên tâm nhất!",
    "Mỗi ngày bớt một ít, về già có lương hưu.",
    "Có sổ BHXH rồi, con cháu đỡ phải lo cho mình.",
    "Trước tôi nghĩ chỉ cán bộ mới có lương hưu, giờ thì khác rồi.",
]
MODEL_NAMES = [
    "Đối thoại nhóm nhỏ",
    "Tổ xung kích phát triển người tham gia BHXH, BHYT",
    "Heo đất tích lũy đóng BHXH",
    "Đi từng ngõ, gõ từng nhà",
    "Trưởng thôn làm cộng tác viên",
    "Vận động người thân cán bộ, đảng viên",
]
STEPS = [
    "Lập danh sách người chưa tham gia theo từng thôn",
    "Mời người có uy tín trong thôn cùng đi",
    "Kể chuyện người đã nhận lương hưu",
    "Hẹn ngày nhân viên thu đến tận nhà",
    "Tổng kết, khen thưởng cuối đợt",
]
DOUBTS = [
    ("Đóng đến bao giờ mới được hưởng?", "Đủ 20 năm đóng và đủ tuổi nghỉ hưu thì được lương hưu hằng tháng."),
    (
        "Lỡ không đóng tiếp được thì sao?",
        "Có thể tạm dừng rồi đóng tiếp; thời gian đã đóng vẫn được cộng dồn.",
    ),
    (
        "Nhà nước có hỗ trợ không?",
        "Có: hộ nghèo, hộ cận nghèo và người khác đều được hỗ trợ một phần mức đóng.",
    ),
]
STAT_KINDS = [  # indicator, measure, first value range, growth per step
    ("bhxh_tu_nguyen", "người", (800, 40000), (1.05, 1.6)),
    ("bhyt_tu_dong", "người", (500, 20000), (1.02, 1.3)),
    ("bhyt_ty_le", "%", (60, 85), (1.01, 1.06)),
    ("ty_le_ld_bhxh_tu_nguyen", "%", (1, 6), (1.05, 1.4)),
]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Flow(list):
    """A list of plain values, written on one line like the editors do: [a, b]."""


def _flow(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _flow(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_flow(v) for v in value]
        return _Flow(items) if all(not isinstance(v, dict | list) for v in items) else items
    return value


class _Dumper(yaml.CSafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _dump(record: dict[str, Any]) -> str:
    return yaml.dump(_flow(record), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


@dataclass
class Place:
    id: str
    name: str
    folder: str  # the current province folder it is filed under


@dataclass
class Province:
    id: str
    name: str
    places: list[Place] = field(default_factory=list)  # units stories can be about
    stories: list[str] = field(default_factory=list)  # published story ids
    statistics: list[str] = field(default_factory=list)
    one_offs: list[str] = field(default_factory=list)  # statistics of a campaign's result
    models: list[str] = field(default_factory=list)


class Writer:
    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng = root, rng
        self.count = 0
        self.ids: set[str] = set()
        # Place names, folded: a protected person's "middle given" must not spell one, or the
        # leak scan rightly finds "Lê Thanh Hoa" in "xã Phú Lễ, Thanh Hóa" (it ignores accents).
        self.place_names: set[str] = set()

    def unique(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{base}-{n}"
        self.ids.add(candidate)
        return candidate

    def yaml(self, relative: str, record: dict[str, Any]) -> None:
        self._write(relative, _dump(record))

    def markdown(self, relative: str, record: dict[str, Any]) -> None:
        body = record.pop("body")
        front = _dump(record)
        self._write(relative, f"---\n{front}---\n{body}\n")

    def _write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.count += 1


def _quotas(count: int) -> dict[str, int]:
    quotas = {kind: int(count * share) for kind, share in SHARES.items()}
    quotas["story"] += count - sum(quotas.values())
    return quotas


# --- units ---------------------------------------------------------------------------------


def _provinces(writer: Writer, wanted: int, budget: int) -> list[Province]:
    """Province units with their wards, abolished provinces, districts and villages."""
    import vietnam_provinces as vp
    from vietnam_provinces import legacy

    rng = writer.rng
    current = sorted(vp.Province.iter_all(), key=lambda p: int(p.code))
    chosen = sorted(rng.sample(current, min(wanted, len(current))), key=lambda p: int(p.code))
    provinces: list[Province] = []
    per_province = max(2, budget // len(chosen))
    for division in chosen:
        short = _short(division.name)
        pid = writer.unique(slug(short))
        province = Province(pid, short)
        province.places.append(Place(pid, short, pid))
        provinces.append(province)
        folder = pid
        kind = "thành phố" if "thành phố" in division.division_type.value else "tỉnh"
        writer.yaml(
            f"{folder}/{pid}.yaml",
            {
                "kind": "unit",
                "id": pid,
                "name": short,
                "type": kind,
                "code": f"{int(division.code):02d}",
                "contact": {
                    "address": f"BHXH {kind} {short} và các BHXH cơ sở trong {kind}",
                    "phone": "1900 9068",
                    "hours": "Thứ Hai - Thứ Sáu, 7h30 - 17h00",
                    "agents": [{"name": "Tổ chức dịch vụ thu của Bưu điện", "place": "bưu cục xã"}],
                },
            },
        )
        left = per_province - 1
        # Abolished provinces merged into this one, filed here (Bắc Ninh keeps Bắc Giang).
        parents = {int(division.code): pid}
        for source in division.get_legacy_sources():
            old = _short(source.name)
            if slug(old) == pid or left <= 0:
                continue
            oid = writer.unique(slug(old))
            parents[int(source.code)] = oid
            writer.yaml(
                f"{folder}/{oid}/{oid}.yaml",
                {
                    "kind": "unit",
                    "id": oid,
                    "name": old,
                    "type": "tỉnh",
                    "valid_until": ABOLISHED,
                    "now_part_of": [pid],
                    "code": f"{int(source.code):02d}",
                    "aliases": [f"tỉnh {old}"],
                },
            )
            province.places.append(Place(oid, old, folder))
            left -= 1
        # Districts abolished on 1/7/2025, under their old province.
        districts = [d for code in parents for d in legacy.District.iter_by_province(code)]
        for district in rng.sample(districts, min(len(districts), left // 4)):
            name = _short(district.name)
            did = writer.unique(slug(name))
            parent = parents[int(district.province_code)]
            writer.yaml(
                f"{folder}/huyen-cu/{did}.yaml",
                {
                    "kind": "unit",
                    "id": did,
                    "name": name,
                    "type": district.division_type.value,
                    "parent": parent,
                    "valid_until": ABOLISHED,
                    "now_part_of": [pid],
                    "code": f"{int(district.code):03d}",
                },
            )
            province.places.append(Place(did, name, folder))
            left -= 1
        # Current wards and communes, some with villages below them.
        wards = list(vp.Ward.iter_by_province(division.code))
        for ward in rng.sample(wards, min(len(wards), max(1, left * 3 // 4))):
            name = _short(ward.name)
            wid = writer.unique(slug(name))
            writer.yaml(
                f"{folder}/{wid}/{wid}.yaml",
                {
                    "kind": "unit",
                    "id": wid,
                    "name": name,
                    "type": ward.division_type.value,
                    "parent": pid,
                    "code": f"{int(ward.code):05d}",
                },
            )
            province.places.append(Place(wid, name, folder))
            left -= 1
            if left > 0 and rng.random() < 0.4:
                village = f"{rng.choice(['Thôn', 'Bản', 'Tổ dân phố'])} {rng.randint(1, 12)}"
                vid = writer.unique(f"{wid}-{slug(village)}")
                writer.yaml(
                    f"{folder}/{wid}/{vid}.yaml",
                    {
                        "kind": "unit",
                        "id": vid,
                        "name": village,
                        "type": village.rsplit(" ", 1)[0].lower(),
                        "parent": wid,
                    },
                )
                province.places.append(Place(vid, f"{village} ({name})", folder))
                left -= 1
    return provinces


def _folded(text: str) -> str:
    """Lower case without accents (đ as d), as the privacy checks compare names."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _short(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh ", "Huyện ", "Quận ", "Thị xã ", "Phường ", "Xã ", "Đặc khu "):
        if name.startswith(prefix) and not name[len(prefix) :].isdigit():
            return name[len(prefix) :]
    return name


# --- records ---------------------------------------------------------------------------------


def _person(rng: random.Random, place_names: set[str]) -> tuple[dict[str, Any], str]:
    """A person and how texts may name them (in full only with consent)."""
    gender = rng.choice(["nam", "nữ"])
    consent = rng.random() < 0.7
    # Middle names split by consent: no one who agreed shares a full name with someone who did not.
    middle = MIDDLE[gender][int(consent) :: 2]
    family, second, given = rng.choice(FAMILY), rng.choice(middle), rng.choice(GIVEN[gender])
    # Story ids are "<place>-<given name>": "hoang-van-dung" must not spell a protected name either.
    while not consent and {_folded(f"{second} {given}"), _folded(f"{family} {second}")} & place_names:
        family, second, given = rng.choice(FAMILY), rng.choice(middle), rng.choice(GIVEN[gender])
    name = f"{family} {second} {given}"
    honorific = "anh" if gender == "nam" else "chị"
    shown = f"{honorific} {given}" if consent else f"{honorific} {given[0]}."
    person = {"name": name, "born": rng.randint(1955, 2002), "role": rng.choice(ROLES), "gender": gender}
    person["consent"] = consent
    return person, shown


def _date(rng: random.Random, precise: bool = True) -> str:
    year, month = rng.randint(2021, 2025), rng.randint(1, 12)
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}" if precise else f"{year}-{month:02d}"


def _story(writer: Writer, province: Province) -> None:
    rng = writer.rng
    place = rng.choice(province.places)
    person, shown = _person(rng, writer.place_names)
    people = [person]
    if rng.random() < 0.25:
        people.append(_person(rng, writer.place_names)[0])
    fill = {"who": shown, "place": place.name, "n": rng.choice(["ba", "tư", "năm"])}
    title = _capital(rng.choice(TITLES).format(**fill))
    sid = writer.unique(f"{place.id}-{slug(person['name'].split()[-1])}")
    sentences = [_capital(s.format(**fill)) for s in rng.sample(SENTENCES, len(SENTENCES))]
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, rng.choice([3, 6]), 3)]
    summary = " ".join(sentences[-2:])
    record: dict[str, Any] = {"kind": "story", "id": sid, "title": title, "unit": place.id}
    record["date"] = _date(rng, precise=rng.random() < 0.5)
    record["people"] = people
    record["summary"] = summary
    if rng.random() < 0.6:
        record["quote"] = {"text": rng.choice(QUOTES), "by": person["name"]}
    record["body"] = "\n\n".join(paragraphs)
    if province.models:
        record["models"] = rng.sample(province.models, min(len(province.models), rng.randint(0, 2)))
    record["audiences"] = rng.sample(AUDIENCES, rng.randint(1, 2))
    record["tags"] = rng.sample(TAGS, rng.randint(1, 3))
    folder = place.folder if place.id == province.id else f"{place.folder}/{place.id}"
    if rng.random() < IMAGE_SHARE:
        image = f"images/{sid}.png"
        (writer.root / folder / "images").mkdir(parents=True, exist_ok=True)
        (writer.root / folder / image).write_bytes(PNG)
        record["images"] = [{"file": image, "alt": f"{_capital(shown)} tại {place.name}"}]
    record["source"] = {"publisher": rng.choice(PUBLISHERS), "title": title, "date": _date(rng, False)}
    if rng.random() < DRAFT_SHARE:
        record["status"] = "draft"
    else:
        province.stories.append(sid)
    if rng.random() < MARKDOWN_SHARE:
        writer.markdown(f"{folder}/{sid}.md", record)
    else:
        writer.yaml(f"{folder}/{sid}.yaml", record)


def _statistic(writer: Writer, province: Province) -> None:
    rng = writer.rng
    place = rng.choice(province.places)
    source = {"publisher": rng.choice(PUBLISHERS), "title": f"Số liệu BHXH {province.name}", "date": 2025}
    if rng.random() < 0.3:  # a peak month's result against its plan
        target = rng.randint(20, 600) * 10
        value = int(target * rng.uniform(0.8, 1.4))
        start = rng.randint(2022, 2025)
        stid = writer.unique(f"{place.id}-cao-diem-{start}-ket-qua")
        over = rng.random() < 0.5
        percent = round(value / target * 100 - (100 if over else 0), 2)
        record = {
            "kind": "statistic",
            "id": stid,
            "unit": place.id,
            "indicator": "tham_gia_moi",
            "measure": "người",
            "series": [{"period": f"{start}-04-01..{start}-05-31", "value": value}],
            "target": {"value": target},
            "claims": {"percent_over_target" if over else "percent_of_target": percent},
            "source": source,
        }
        province.one_offs.append(stid)
    else:
        indicator, measure, (low, high), (grow_low, grow_high) = rng.choice(STAT_KINDS)
        years = rng.sample(range(2019, 2025), rng.randint(2, 4))
        value = rng.uniform(low, high)
        series = []
        for year in sorted(years):
            shown = round(value, 1) if measure == "%" else int(value)
            series.append({"period": year if rng.random() < 0.7 else f"{year}-06", "value": shown})
            value = min(value * rng.uniform(grow_low, grow_high), 99.5 if measure == "%" else 10**7)
        first, latest = series[0]["value"], series[-1]["value"]
        stid = writer.unique(f"{place.id}-{indicator.replace('_', '-')}")
        record = {"kind": "statistic", "id": stid, "unit": place.id, "indicator": indicator}
        record["measure"] = measure
        record["series"] = series
        if measure == "người":
            record["claims"] = {"increase": latest - first}
        elif rng.random() < 0.5:
            record["target"] = {"period": 2025, "value": round(latest * 1.05, 1)}
            record["claims"] = {"percent_of_target": round(latest / record["target"]["value"] * 100, 2)}
        record["source"] = source
    province.statistics.append(stid)
    writer.yaml(f"{place.folder}/thong-ke/{stid}.yaml", record)


def _model(writer: Writer, province: Province | None, everywhere: list[Province]) -> None:
    rng = writer.rng
    home = province or rng.choice(everywhere)
    pool = [p for prov in ([province] if province else everywhere) for p in prov.places]
    name = rng.choice(MODEL_NAMES)
    mid = writer.unique(slug(name) if province is None else f"{home.id}-{slug(name)}")
    results = rng.sample(home.statistics, min(len(home.statistics), rng.randint(0, 2)))
    record: dict[str, Any] = {
        "kind": "model",
        "id": mid,
        "name": name,
        "units": sorted({p.id for p in rng.sample(pool, min(len(pool), rng.randint(1, 3)))}),
        "summary": f"{name}: cách làm đã giúp nhiều người ở {home.name} tham gia BHXH tự nguyện, BHYT.",
        "steps": rng.sample(STEPS, 3),
        "audiences": rng.sample(AUDIENCES, 2),
        "season": sorted(rng.sample(range(1, 13), 2)),
        "doubts": [{"question": q, "answer": a} for q, a in rng.sample(DOUBTS, 2)],
        "results": results if province else [],
        "source": {"publisher": rng.choice(PUBLISHERS), "title": name},
    }
    folder = NATIONWIDE if province is None else f"{province.id}/mo-hinh"
    writer.yaml(f"{folder}/{mid}.yaml", record)
    if province:
        province.models.append(mid)


def _campaign(writer: Writer, province: Province) -> None:
    rng = writer.rng
    year, month = rng.randint(2022, 2026), rng.randint(1, 11)
    cid = writer.unique(f"{province.id}-cao-diem-{month}-{year}")
    record: dict[str, Any] = {
        "kind": "campaign",
        "id": cid,
        "name": f"Đợt cao điểm vận động tham gia BHXH tự nguyện tháng {month}-{month + 1}/{year}",
        "unit": province.id,
        "period": f"{year}-{month:02d}-01..{year}-{month + 1:02d}-{28 if month + 1 == 2 else 30}",
        "broadcast": {"times": ["05:30", "17:30"], "days": "daily", "slot_minutes": 5},
        "otherwise": {"per_week": 2, "days": ["mon", "thu"], "times": ["17:30"]},
    }
    if rng.random() < 0.3:
        record["broadcast"]["days"] = ["mon", "wed", "fri"]
    if province.stories:
        record["stories"] = rng.sample(province.stories, min(len(province.stories), rng.randint(1, 4)))
    if province.one_offs:
        record["result"] = rng.choice(province.one_offs)
    writer.yaml(f"{province.id}/chien-dich/{cid}.yaml", record)


def generate(root: Path, count: int, seed: int = 1) -> None:
    """Write `count` valid records (± a handful for the province units) under `root`."""
    if count < 20:
        raise ValueError("cần ít nhất 20 bản ghi")
    rng = random.Random(seed)
    writer = Writer(Path(root), rng)
    quotas = _quotas(count)
    provinces = _provinces(writer, max(1, min(34, count // 250)), quotas["unit"])
    names = [name for province in provinces for name in (province.name, *(p.name for p in province.places))]
    writer.place_names = {_folded(name) for name in names}
    remaining = count - writer.count
    quotas = _quotas(remaining)
    quotas["unit"] = 0
    quotas["story"] = remaining - quotas["model"] - quotas["statistic"] - quotas["campaign"]
    # Statistics first (models cite them), then models (stories cite them), then stories.
    for _ in range(quotas["statistic"]):
        _statistic(writer, rng.choice(provinces))
    for i in range(quotas["model"]):
        _model(writer, None if i % 5 == 0 else rng.choice(provinces), provinces)
    for _ in range(quotas["story"]):
        _story(writer, rng.choice(provinces))
    for _ in range(quotas["campaign"]):
        _campaign(writer, rng.choice(provinces))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.root, args.count, args.seed)
    print(f"{args.count} bản ghi trong {args.root}")


if __name__ == "__main__":
    main()
