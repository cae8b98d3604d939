"""The content model: one pydantic class per record kind (content-model.md).

Field names here are the public contract. Messages are Vietnamese because they reach
the editors verbatim.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.model.dates import OpenPeriod, PartialDate, Period, parse_date, parse_open_period, parse_period
from generator.model.diagnostics import did_you_mean
from generator.model.vocabulary import vocabulary

SUMMARY_MAX = 300
ID_MAX = 80  # an id becomes a file and folder name; 80 keeps paths far from any system limit
SERIES_MAX = 500  # points in one statistic: 40 years of months
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# A web address: http(s), a host, and no space, control character, quote or angle bracket.
WEB_URL = re.compile(r"https?://[^\x00-\x20\x7f<>\"'`\\/?#]+(?:[/?#][^\x00-\x20\x7f<>\"'`\\]*)?", re.I)


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("lantoa", message)


def _slug(value: str) -> str:
    if len(value) > ID_MAX:
        raise _fail(f"mã dài {len(value)} ký tự, tối đa {ID_MAX}")
    if not ID_PATTERN.match(value):
        raise _fail(f'"{value}" không phải mã hợp lệ: chỉ dùng chữ thường không dấu, số và "-"')
    return value


def _in_list(list_name: str, what: str):
    def check(value: str) -> str:
        choices = vocabulary()[list_name]
        if value not in choices:
            raise _fail(
                f'"{value}" không có trong danh mục {what}.{did_you_mean(value, tuple(choices))}'
                " (danh mục: generator/data/vocabulary.yaml)"
            )
        return value

    return AfterValidator(check)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise _fail("không được để trống")
    return value


def _clock(value: str) -> str:
    if not CLOCK.match(value):
        raise _fail(f'giờ "{value}" không hợp lệ; viết dạng HH:MM, ví dụ "05:30"')
    return value


def _web_url(value: str) -> str:
    if not WEB_URL.fullmatch(value):
        raise _fail(
            "phải là địa chỉ trang web bắt đầu bằng http:// hoặc https://, không có dấu cách, "
            'dấu ngoặc kép hay dấu "<", ">"'
        )
    return value


Id = Annotated[str, AfterValidator(_slug)]
WebUrl = Annotated[
    str,
    AfterValidator(_web_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s<>\"']+$"}),
]
Text = Annotated[str, AfterValidator(_not_blank)]
Date = Annotated[
    PartialDate,
    PlainValidator(parse_date),
    WithJsonSchema({"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}),
]
PeriodField = Annotated[
    Period,
    PlainValidator(parse_period),
    WithJsonSchema({"type": ["string", "integer"], "description": "YYYY[-MM[-DD]] hoặc ĐẦU..CUỐI"}),
]
OpenPeriodField = Annotated[
    OpenPeriod,
    PlainValidator(parse_open_period),
    WithJsonSchema(
        {"type": ["string", "integer"], "description": "ĐẦU..CUỐI, hoặc ĐẦU.. nếu chưa có ngày hết hiệu lực"}
    ),
]
Audience = Annotated[str, _in_list("audiences", "đối tượng")]
Clock = Annotated[str, AfterValidator(_clock)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)


class Approval(Strict):
    """Who approved a record for publishing, and when (mkdocs.yml extra.editing.require_approval)."""

    by: Text
    date: Date


class Record(Strict):
    kind: str
    id: Id | None = None
    # cho-duyet: written, waiting for approval; like a draft it reaches no public output.
    status: Literal["published", "draft", "cho-duyet"] = "published"
    approved: Approval | None = None
    # Made up to show the form (figures, targets): never in a build's output; the preview
    # (`lantoa serve`) shows it, stamped as an example.
    example: bool = False

    @property
    def published(self) -> bool:
        return self.status == "published"

    @property
    def public(self) -> bool:
        """What a build publishes: neither a draft nor an example."""
        return self.published and not self.example


class Source(Strict):
    publisher: Text
    title: Text
    date: Date | None = None
    url: WebUrl | None = None


class Agent(Strict):
    name: Text
    phone: str | None = None
    place: str | None = None


class Contact(Strict):
    address: str | None = None
    phone: str | None = None
    hours: str | None = None
    agents: list[Agent] = []


class Media(Strict):
    file: Text
    credit: str | None = None


class Image(Media):
    alt: Text


# The parts of a record a translation is of: title (a model's or campaign's name), summary, body.
TranslatedPart = Literal["title", "summary", "body"]


class Translation(Strict):
    """A human translation of some parts of a record (stories/_ngon-ngu.yaml lists the languages).

    ``source_hash`` holds, per part, the hash of the Vietnamese text it was made from
    (model/languages.py): a changed text makes the translation stale, never published.
    """

    lang: Text
    title: str | None = None
    summary: str | None = None
    body: str | None = None
    file: str | None = None  # a Markdown file beside the record: a long body
    translator: Text
    reviewer: str | None = None
    date: Date
    status: Literal["nhap", "da-duyet"] = "nhap"
    source_hash: dict[TranslatedPart, str] = {}

    @model_validator(mode="after")
    def _some_text(self) -> Translation:
        if self.body and self.file:
            raise _fail("bản dịch có cả body và file; chỉ dùng một (file cho bài dài)")
        if not (self.title or self.summary or self.body or self.file):
            raise _fail("bản dịch chưa có phần nào: ghi title, summary, body hoặc file")
        return self

    @property
    def parts(self) -> tuple[TranslatedPart, ...]:
        """The parts this translation gives, in reading order."""
        given = {"title": self.title, "summary": self.summary, "body": self.body or self.file}
        return tuple(part for part in ("title", "summary", "body") if given[part])  # type: ignore[misc]


class LangRecording(Strict):
    """A person reading a part (by default the body) in a language: published only with consent."""

    lang: Text
    file: Text
    speaker: Text
    consent: bool = False
    part: TranslatedPart = "body"
    source_hash: str | None = None  # of the Vietnamese text of ``part`` the recording was made from


class Unit(Record):
    kind: Literal["unit"]
    name: Text
    type: Annotated[str, _in_list("unit_types", "loại đơn vị")]
    parent: Id | None = None
    valid_until: Date | None = None
    now_part_of: list[Id] = []
    code: str | None = None
    aliases: list[Text] = []
    contact: Contact | None = None
    summary: str | None = None


class Person(Strict):
    name: Text
    born: int | None = Field(default=None, ge=1900, le=2100)
    role: str | None = None
    gender: Literal["nam", "nữ"] | None = None
    consent: bool = False
    alias: str | None = None


class Quote(Strict):
    text: Text
    by: str | None = None


class Story(Record):
    kind: Literal["story"]
    title: Text
    unit: Id
    date: Date
    people: list[Person] = []
    summary: Annotated[Text, Field(max_length=SUMMARY_MAX)]
    quote: Quote | None = None
    body: Text
    models: list[Id] = []
    audiences: list[Audience] = []
    tags: list[Text] = []
    images: list[Image] = []
    recording: Media | None = None
    source: Source
    translations: list[Translation] = []
    recordings: list[LangRecording] = []


class Doubt(Strict):
    question: Text
    answer: Text


class Model(Record):
    kind: Literal["model"]
    name: Text
    units: list[Id] = []
    summary: Annotated[Text, Field(max_length=SUMMARY_MAX)]
    body: str | None = None
    steps: list[Text] = []
    audiences: list[Audience] = []
    season: list[Annotated[int, Field(ge=1, le=12)]] = []
    doubts: list[Doubt] = []
    results: list[Id] = []
    images: list[Image] = []
    source: Source | None = None
    translations: list[Translation] = []


class Point(Strict):
    period: PeriodField
    value: Annotated[float, Field(ge=0)]  # counts and rates: never below zero
    note: str | None = None
    approx: bool = False


class Target(Strict):
    period: PeriodField | None = None
    value: Annotated[float, Field(ge=0)]


class Claims(Strict):
    percent_of_target: float | None = None
    percent_over_target: float | None = None
    increase: float | None = None
    ratio: float | None = None


class Statistic(Record):
    kind: Literal["statistic"]
    title: str | None = None
    unit: Id
    indicator: Annotated[str, _in_list("indicators", "chỉ tiêu")]
    measure: Annotated[str, _in_list("measures", "đơn vị đo")]
    series: Annotated[list[Point], Field(min_length=1, max_length=SERIES_MAX)]
    target: Target | None = None
    claims: Claims | None = None
    source: Source

    @model_validator(mode="after")
    def _claims_need_target(self) -> Statistic:
        claims = self.claims
        if claims and (claims.percent_of_target or claims.percent_over_target) and not self.target:
            raise _fail("claims so với kế hoạch cần có target")
        return self


class Broadcast(Strict):
    times: Annotated[list[Clock], Field(min_length=1)]
    days: Literal["daily"] | list[Weekday] = "daily"
    slot_minutes: Annotated[float, Field(gt=0, le=120)]


class Otherwise(Strict):
    per_week: Annotated[int, Field(ge=1, le=7)]
    days: list[Weekday] | None = None
    times: list[Clock] | None = None


class Campaign(Record):
    kind: Literal["campaign"]
    name: Text
    unit: Id
    period: PeriodField
    summary: str | None = None
    broadcast: Broadcast | None = None
    otherwise: Otherwise | None = None
    recording: Media | None = None
    stories: list[Id] = []
    result: Id | None = None
    translations: list[Translation] = []
    recordings: list[LangRecording] = []  # a campaign has no body: its recordings name part: summary or title


def _amount(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise _fail("phải là số")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _fail(f'"{value}" không phải số; viết liền không dấu chấm, ví dụ 1500000 hoặc 4.5') from None
    if not number.is_finite() or number < 0:
        raise _fail(f"giá trị {value} không hợp lệ: phải là số không âm")
    return number


def _policy_value(value: object) -> Decimal | dict[str, Decimal]:
    """A number, or {group: number} for a figure that depends on the person's group."""
    if isinstance(value, dict):
        if not value:
            raise _fail("nhóm giá trị theo đối tượng đang trống")
        return {str(group): _amount(number) for group, number in value.items()}
    return _amount(value)


PolicyAmount = Annotated[
    Any,
    PlainValidator(_policy_value),
    WithJsonSchema(
        {"oneOf": [{"type": "number"}, {"type": "object", "additionalProperties": {"type": "number"}}]}
    ),
]


class PolicyValue(Strict):
    period: OpenPeriodField
    value: PolicyAmount
    source: Source | None = None  # required: reported with its own message (validate)
    confirmed: bool = True  # false: from a secondary copy, "chưa đối chiếu văn bản gốc" to officials
    note: str | None = None


class Policy(Record):
    """One policy parameter over time (policy.md)."""

    kind: Literal["policy"]
    name: Text
    parameter: Id | None = None  # default: the id (a province's record needs its own id)
    measure: Literal["đồng/tháng", "đồng/con", "%", "tháng", "năm"]
    unit: Id | None = None  # a province's own top-up; default nationwide
    note: str | None = None  # shown on the page
    values: Annotated[list[PolicyValue], Field(min_length=1)]


class PlanSource(Source):
    """The resolution or plan a target comes from: its date is required."""

    date: Date  # type: ignore[assignment]


class CoverageTarget(Record):
    """A target (``kind: target``, spec-target.md): results come from the statistics, never typed here."""

    kind: Literal["target"]
    unit: Id
    indicator: Annotated[str, _in_list("indicators", "chỉ tiêu")]
    measure: Annotated[str, _in_list("measures", "đơn vị đo")] | None = None  # default: the statistics'
    period: PeriodField
    value: Annotated[float, Field(gt=0)]
    source: PlanSource
    note: str | None = None
    example: bool = False  # an invented figure: never in public output

    @property
    def published(self) -> bool:
        return super().published and not self.example
