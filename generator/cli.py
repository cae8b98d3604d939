"""The `lantoa` command (Vietnamese help: the editors read it)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from generator.model.diagnostics import BuildError, Report

if TYPE_CHECKING:
    from generator.model.content import Content
    from generator.model.loader import Entry

DEFAULT_CONTENT = "stories"
# argparse's own messages, for the editors who read them.
_ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "the following arguments are required": "thiếu tham số bắt buộc",
    "invalid choice": "lựa chọn không hợp lệ",
    "choose from": "chọn một trong",
    "unrecognized arguments": "tham số không nhận ra",
    "expected one argument": "cần một giá trị",
    "argument ": "tham số ",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in phiên bản rồi thoát",
    "positional arguments": "tham số",
    "options": "tùy chọn",
}


def _vietnamese(text: str) -> str:
    for english, vietnamese in _ARGPARSE_VI.items():
        text = text.replace(english, vietnamese)
    return text


class VietnameseParser(argparse.ArgumentParser):
    """argparse with its fixed English phrases said in Vietnamese."""

    def format_usage(self) -> str:
        return _vietnamese(super().format_usage())

    def format_help(self) -> str:
        return _vietnamese(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {_vietnamese(message)}\n")


def _print_report(report: Report) -> None:
    for item in report.sorted():
        print(item, file=sys.stderr)
    errors, warnings = len(report.errors), len(report.warnings)
    if errors or warnings:
        print(f"{errors} lỗi, {warnings} cảnh báo.", file=sys.stderr)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương, không phải {text!r}")
    return value


def cmd_check(args: argparse.Namespace) -> int:
    from generator.model.loader import RECORD_BYTES
    from generator.model.loading import load_content
    from generator.model.settings import CONFIG_FILE, read_settings

    root = Path(args.content)
    if not root.is_dir():
        print(f"lantoa: không tìm thấy thư mục nội dung {root}", file=sys.stderr)
        return 2
    settings_report = Report()
    record_bytes, require_approval = RECORD_BYTES, False
    if Path(CONFIG_FILE).is_file():  # inside the project: its settings are checked too, and apply
        settings, settings_report = read_settings()
        record_bytes, require_approval = settings.limits.record_bytes, settings.require_approval
    content = load_content(root, args.content, record_bytes, require_approval=require_approval)
    content.report.items.extend(settings_report.items)
    _print_report(content.report)
    if content.report.errors:
        return 1
    print(f"Hợp lệ: {len(content.entries)} bản ghi ({len(content.published)} xuất bản).")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from generator.build import build

    return build(
        Path(args.content),
        Path(args.out),
        shown_root=args.content,
        report=_print_report,
        jobs=args.jobs,
        stats=Path(args.stats) if args.stats else None,
        today=args.date,
        only=_names(args.only),
        publish=args.publish,
    )


def _names(values: list[str] | None) -> list[str] | None:
    """--only a,b --only c → [a, b, c] (None: not given, the whole site)."""
    if values is None:
        return None
    return [name for value in values for name in value.split(",") if name.strip()]


def cmd_merge(args: argparse.Namespace) -> int:
    from generator.merge import merge

    return merge([Path(s) for s in args.shards], Path(args.out))


def cmd_shards(args: argparse.Namespace) -> int:
    import json

    from generator.model.loading import load_content
    from generator.present.shards import parts

    root = Path(args.content)
    if not root.is_dir():
        print(f"lantoa: không tìm thấy thư mục nội dung {root}", file=sys.stderr)
        return 2
    found = parts(load_content(root, args.content))
    if args.json:  # for a CI matrix: fromJSON(...)
        print(json.dumps([p.id for p in found]))
    else:
        for part in found:
            print(part.described)
    return 0


def build_date(text: str) -> dt.date:
    """argparse type for --date: YYYY-MM-DD, in Vietnamese when it is not."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'ngày "{text}" không hợp lệ; viết YYYY-MM-DD, ví dụ 2027-01-01'
        ) from None


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.serve import serve

    return serve(Path(args.content), args.dev_addr)


def cmd_edit(args: argparse.Namespace) -> int:
    if args.config_only:
        from generator.edit.forge import Forge, write_forge_config

        if not args.backend or not args.repo:
            print("lantoa: --config-only cần --backend và --repo TỔ-CHỨC/TÊN", file=sys.stderr)
            return 2
        forge = Forge(args.backend, args.repo, args.branch, args.forge_url, args.app_id, args.auth_url)
        return write_forge_config(Path(args.out), forge)
    from generator.edit import edit

    return edit(
        Path(args.content),
        args.port,
        host=args.host,
        preview_port=args.preview_port,
        preview=not args.no_preview,
    )


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"cổng phải là số từ 0 đến 65535, không phải {text!r}")
    return value


def cmd_new(args: argparse.Namespace) -> int:
    from generator.archetypes import new_record

    return new_record(Path(args.content), args.kind, unit=args.unit, id_=args.id)


def cmd_spoken(args: argparse.Namespace) -> int:
    from generator.speech.spoken import load_abbreviations, to_spoken

    region, team_table = "bac", None
    if Path("mkdocs.yml").is_file():  # inside the project: the team's settings apply
        from generator.model.settings import load_settings

        try:
            speech = load_settings().speech
        except BuildError as exc:
            print(f"lantoa: {exc}", file=sys.stderr)
            return 1
        region = speech.region
        if speech.abbreviations and speech.abbreviations.is_file():
            team_table = speech.abbreviations
    abbreviations = load_abbreviations(team_table)
    result = to_spoken(" ".join(args.text), region=args.region or region, abbreviations=abbreviations)
    print(result.text)
    for warning in result.warnings:
        print(f"cảnh báo: {warning}", file=sys.stderr)
    return 0


def cmd_source_hash(args: argparse.Namespace) -> int:
    """The hashes a translator writes in source_hash: of each part of the records named, now."""
    from generator.model.kinds import KINDS
    from generator.model.languages import PART_NAMES, current_hashes, paragraphs, source_hash, source_text
    from generator.model.loading import load_content

    root = Path(args.content)
    if not root.is_dir():
        print(f"lantoa: không tìm thấy thư mục nội dung {root}", file=sys.stderr)
        return 2
    content = load_content(root, examples=True)
    status = 0
    for wanted in args.records:
        entry = _named_entry(content, root, wanted)
        if entry is None:
            problems = [d for d in content.report.errors if Path(d.path).resolve() == Path(wanted).resolve()]
            for item in problems:
                print(item, file=sys.stderr)
            if not problems:
                print(f"lantoa: không tìm thấy bản ghi {wanted!r} (tên tệp hoặc mã bản ghi)", file=sys.stderr)
            status = 1
            continue
        hashes = current_hashes(entry.record)
        print(f"# {entry.shown} — {KINDS[entry.kind].noun} {entry.id}")
        print("# Bản dịch (translations): chép các phần đã dịch vào source_hash")
        print("source_hash:")
        for part, digest in hashes.items():
            print(f"  {part}: {digest}   # {PART_NAMES[part]}")
        print(
            "# Bản ghi âm (recordings): một mã, của phần được đọc (part), ví dụ source_hash: "
            + hashes.get("body", next(iter(hashes.values()), ""))
        )
        body = source_text(entry.record, "body")
        if body:
            print("# Từng đoạn của nội dung (body), để biết đoạn nào đã đổi:")
            for i, paragraph in enumerate(paragraphs(body), 1):
                first = " ".join(paragraph.split())
                first = first if len(first) <= 60 else first[:59] + "…"
                print(f"#   đoạn {i}: {source_hash(paragraph)}  {first}")
        print()
    return status


def _named_entry(content: Content, root: Path, wanted: str) -> Entry | None:
    """A record by its file (as given, or inside the content folder) or by its id."""
    path = Path(wanted)
    for entry in content.entries:
        if (
            entry.id == wanted
            or path in (entry.path, root / entry.path)
            or (path.exists() and path.resolve() == (root / entry.path).resolve())
        ):
            return entry
    return None


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.model.schema import write_schema

    path = write_schema(Path(args.out))
    print(path)
    return 0


def parser() -> argparse.ArgumentParser:
    from generator.model.kinds import KINDS

    main_parser = VietnameseParser(
        prog="lantoa",
        description="Lan Tỏa: dựng trang web, tờ rơi, kịch bản loa và bài mạng xã hội "
        "từ các bản ghi trong thư mục stories/.",
    )
    main_parser.add_argument("--version", action="version", version="lantoa 0.1.0")
    commands = main_parser.add_subparsers(dest="command", metavar="LỆNH", required=True)

    check = commands.add_parser("check", help="kiểm tra mọi bản ghi, không ghi gì ra đĩa")
    check.add_argument("content", nargs="?", default=DEFAULT_CONTENT, help="thư mục nội dung")
    check.set_defaults(func=cmd_check)

    build = commands.add_parser("build", help="kiểm tra rồi dựng trang web và mọi sản phẩm")
    build.add_argument("--content", default=DEFAULT_CONTENT, help="thư mục nội dung")
    build.add_argument("--out", default="site", help="thư mục kết quả (mặc định site/)")
    build.add_argument(
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="số tiến trình làm tờ rơi, âm thanh, ảnh cùng lúc (mặc định: số lõi máy)",
    )
    build.add_argument(
        "--stats", metavar="TỆP", help="ghi thời gian từng bước và số tệp đã làm mới vào TỆP (JSON)"
    )
    build.add_argument(
        "--date",
        type=build_date,
        help="dựng như vào ngày này (YYYY-MM-DD): chính sách đang áp dụng, bản tin tuần; mặc định hôm nay",
    )
    build.add_argument(
        "--only",
        action="append",
        metavar="TỈNH[,TỈNH…]",
        help="chỉ dựng phần của các tỉnh này (tên thư mục trong stories/, tên tỉnh hoặc mã tỉnh); "
        "toan-quoc là phần chung (trang chủ, danh sách, tìm kiếm, bản ghi toàn quốc). "
        "Ghép các phần lại bằng lantoa merge",
    )
    build.add_argument(
        "--publish",
        action="store_true",
        help="dựng bản để công bố: từ chối khi site_url trong mkdocs.yml còn là địa chỉ giữ chỗ "
        "(example.org, localhost…); không có --publish, mọi tờ rơi và ảnh chia sẻ in dấu “BẢN XEM TRƯỚC”",
    )
    build.set_defaults(func=cmd_build)

    merge = commands.add_parser("merge", help="ghép các phần đã dựng riêng (build --only) thành một trang")
    merge.add_argument("shards", nargs="+", metavar="THƯ-MỤC", help="thư mục kết quả của từng phần")
    merge.add_argument("--out", default="site", help="thư mục kết quả (mặc định site/)")
    merge.set_defaults(func=cmd_merge)

    shards = commands.add_parser("shards", help="liệt kê các phần dựng riêng được (build --only)")
    shards.add_argument("--content", default=DEFAULT_CONTENT, help="thư mục nội dung")
    shards.add_argument("--json", action="store_true", help="in danh sách mã dạng JSON (cho CI)")
    shards.set_defaults(func=cmd_shards)

    serve = commands.add_parser("serve", help="xem trước, tự tải lại khi sửa bản ghi")
    serve.add_argument("--content", default=DEFAULT_CONTENT, help="thư mục nội dung")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="địa chỉ:cổng")
    serve.set_defaults(func=cmd_serve)

    edit = commands.add_parser(
        "edit", help="trình soạn thảo dạng biểu mẫu trong trình duyệt, bên cạnh trang xem trước"
    )
    edit.add_argument("--content", default=DEFAULT_CONTENT, help="thư mục nội dung")
    edit.add_argument("--port", type=_port, default=8010, help="cổng của trình soạn thảo (mặc định 8010)")
    edit.add_argument(
        "--host",
        default="127.0.0.1",
        help="địa chỉ nghe (mặc định 127.0.0.1: chỉ máy này); địa chỉ khác cho máy khác trong mạng kết nối",
    )
    edit.add_argument(
        "--preview-port", type=_port, default=None, help="cổng trang xem trước (mặc định: tự chọn)"
    )
    edit.add_argument("--no-preview", action="store_true", help="không chạy trang xem trước")
    edit.add_argument(
        "--config-only",
        action="store_true",
        help="chỉ ghi cấu hình Decap cho nhóm dùng chung kho trên máy chủ git (cần --backend, --repo)",
    )
    edit.add_argument("--backend", choices=["gitea", "gitlab", "github"], help="loại máy chủ git")
    edit.add_argument("--repo", metavar="TỔ-CHỨC/TÊN", help="kho git của nhóm")
    edit.add_argument("--branch", default="main", help="nhánh xuất bản (mặc định main)")
    edit.add_argument(
        "--forge-url",
        metavar="https://…",
        help="địa chỉ máy chủ git: Gitea (bắt buộc), GitLab tự cài (mặc định https://gitlab.com), "
        "GitHub Enterprise",
    )
    edit.add_argument("--app-id", help="mã (Client ID) của ứng dụng OAuth trên Gitea hoặc GitLab")
    edit.add_argument("--auth-url", metavar="https://…", help="GitHub: địa chỉ máy chủ OAuth của nhóm")
    edit.add_argument("--out", default="admin", help="thư mục ghi cấu hình (mặc định admin/)")
    edit.set_defaults(func=cmd_edit)

    new = commands.add_parser("new", help="tạo tệp bản ghi mới có đủ các trường")
    new.add_argument("kind", choices=tuple(KINDS))
    new.add_argument("--unit", help="mã đơn vị (quyết định thư mục tỉnh)")
    new.add_argument("--id", help="mã bản ghi (mặc định: tự đặt)")
    new.add_argument("--content", default=DEFAULT_CONTENT, help="thư mục nội dung")
    new.set_defaults(func=cmd_new)

    spoken = commands.add_parser("spoken", help="in văn bản như sẽ đọc trên loa")
    spoken.add_argument(
        "--region",
        choices=["bac", "nam"],
        help="miền Bắc (nghìn, linh) hoặc miền Nam (ngàn, lẻ); mặc định theo mkdocs.yml, không có thì bac",
    )
    spoken.add_argument("text", nargs="+", help="văn bản cần đọc")
    spoken.set_defaults(func=cmd_spoken)

    source = commands.add_parser(
        "source-hash",
        help="in mã bản gốc (source_hash) của từng phần một bản ghi, để ghi vào bản dịch, bản ghi âm",
        description="In mã bản gốc tiếng Việt hiện nay của tiêu đề, tóm tắt, nội dung và từng đoạn "
        "của bản ghi: người dịch chép các mã này vào source_hash của bản dịch (translations) hoặc bản "
        "ghi âm (recordings). Khi tiếng Việt đổi, mã đổi và lantoa check báo bản dịch đã cũ.",
    )
    source.add_argument("records", nargs="+", metavar="BẢN-GHI", help="tệp bản ghi hoặc mã bản ghi")
    source.add_argument("--content", default=DEFAULT_CONTENT, help="thư mục nội dung")
    source.set_defaults(func=cmd_source_hash)

    from generator.calculate import add_commands

    add_commands(commands)

    schema = commands.add_parser("schema", help="ghi JSON Schema cho trình soạn thảo YAML")
    schema.add_argument("--out", default="schema", help="thư mục ghi lantoa.schema.json")
    schema.set_defaults(func=cmd_schema)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
