"""Vietnamese labels and hints of the form's fields (what the README's field tables say).

A field the table does not know (one added to the model later) still gets a widget: its
pydantic ``description`` or ``title`` is its label, so adding a field adds it to the form.
"""

from __future__ import annotations

PRIVACY_HINT = (
    "Bật khi người này đã đồng ý nêu tên. Tắt: trang web, tờ rơi, loa và bài đăng chỉ ghi tên gọi "
    'khác (alias) hoặc "Anh H." / "Chị G." theo giới tính; họ tên đầy đủ của người đó không được '
    "có trong tiêu đề, tóm tắt, nội dung, câu nói hay chú thích ảnh (lantoa check báo lỗi)."
)

# field name → (label, hint); "kind.field" for a meaning of one kind only.
FIELDS: dict[str, tuple[str, str]] = {
    "id": (
        "Mã",
        'chỉ chữ thường không dấu, số và "-", ví dụ son-tinh-nguyen-van-a; là tên tệp và địa chỉ trang',
    ),
    "status": ("Trạng thái", "Bản nháp và Chờ duyệt không lên trang web, tờ rơi, loa hay mạng xã hội"),
    "approved": ("Người duyệt", "ai duyệt cho xuất bản và ngày duyệt"),
    "by": ("Người", ""),
    "date": ("Ngày", "2025-05-20, 2025-05 hoặc 2025"),
    "name": ("Tên", ""),
    "title": ("Tiêu đề", ""),
    "unit": ("Đơn vị", "địa phương hoặc cơ quan"),
    "units": ("Các đơn vị đang áp dụng", ""),
    "parent": ("Đơn vị cấp trên", "tỉnh thì bỏ trống"),
    "type": ("Loại đơn vị", ""),
    "valid_until": ("Còn tồn tại đến ngày", "ngày cuối cùng đơn vị còn tồn tại (sắp xếp 2025: 2025-06-30)"),
    "now_part_of": ("Nay thuộc về", "các đơn vị tiếp nhận địa bàn"),
    "code": ("Mã hành chính", "mã chính thức trong danh mục hành chính"),
    "aliases": ("Cách viết khác", ""),
    "contact": ("Liên hệ", "địa chỉ, điện thoại, giờ làm việc, điểm thu"),
    "address": ("Địa chỉ", ""),
    "phone": ("Điện thoại", ""),
    "hours": ("Giờ làm việc", ""),
    "agents": ("Điểm thu", ""),
    "place": ("Nơi", ""),
    "summary": ("Tóm tắt", "tối đa 300 ký tự; in làm lời dẫn ở trang, thẻ, tờ rơi, bài đăng"),
    "unit.summary": ("Giới thiệu", "một câu giới thiệu"),
    "campaign.summary": ("Giới thiệu", "một câu giới thiệu"),
    "people": ("Người trong câu chuyện", ""),
    "born": ("Năm sinh", ""),
    "role": ("Vai trò, nghề nghiệp", ""),
    "gender": ("Giới tính", ""),
    "consent": ("Đồng ý nêu tên", PRIVACY_HINT),
    "alias": ("Tên gọi khác", "thay cho họ tên khi người này chưa đồng ý nêu tên"),
    "quote": ("Câu nói", ""),
    "text": ("Lời", ""),
    "quote.by": ("Người nói", "trùng một tên trong Người trong câu chuyện"),
    "body": ("Nội dung", "Markdown: **đậm**, danh sách, liên kết; số liệu chính sách viết [[tên]]"),
    "models": ("Mô hình", ""),
    "audiences": ("Đối tượng", ""),
    "tags": ("Từ khóa", "cách nhau bằng dấu phẩy"),
    "images": ("Ảnh", "JPEG, PNG hoặc WebP, lưu vào thư mục của bản ghi"),
    "file": ("Tệp", ""),
    "alt": ("Tả ảnh", "bắt buộc: tả ảnh cho người không nhìn thấy"),
    "credit": ("Tác giả, nguồn", ""),
    "recording": ("Bản thu giọng người thật", "MP3, WAV, OGG hoặc FLAC: dùng thay giọng máy trên loa"),
    "source": ("Nguồn", "bài báo hoặc văn bản gốc"),
    "publisher": ("Nơi đăng", ""),
    "url": ("Địa chỉ trang", "bắt đầu bằng http:// hoặc https://"),
    "steps": ("Các bước làm", "theo thứ tự"),
    "season": ("Tháng nên làm", ""),
    "doubts": ("Băn khoăn hay gặp", "in ra tài liệu đối thoại nhóm nhỏ"),
    "question": ("Câu hỏi", ""),
    "answer": ("Trả lời", ""),
    "results": ("Số liệu kết quả", ""),
    "result": ("Số liệu kết quả", ""),
    "indicator": ("Chỉ tiêu", ""),
    "measure": ("Đơn vị đo", ""),
    "series": ("Các mốc", "cũ trước, mới sau"),
    "period": ("Thời gian", "2024, 2024-05, 2024-05-20 hoặc khoảng 2024-04-01..2024-05-31"),
    "value": ("Giá trị", ""),
    "policy.value": ("Giá trị", "một số; giá trị theo nhóm đối tượng ({ho-ngheo: 50, …}) sửa trong tệp"),
    "note": ("Ghi chú", ""),
    "approx": ("Số ước", ""),
    "target": ("Kế hoạch", ""),
    "claims": ("Con số như nguồn ghi", "máy tự kiểm tra với số liệu"),
    "percent_of_target": ("Phần trăm kế hoạch", ""),
    "percent_over_target": ("Phần trăm vượt kế hoạch", ""),
    "increase": ("Mức tăng", ""),
    "ratio": ("Tỷ lệ", ""),
    "broadcast": ("Phát thanh trong đợt", ""),
    "times": ("Giờ phát", 'dạng HH:MM, ví dụ "05:30"'),
    "days": ("Ngày phát", "để trống: hằng ngày"),
    "slot_minutes": ("Độ dài một buổi (phút)", ""),
    "otherwise": ("Ngoài đợt, đến hết năm", ""),
    "per_week": ("Số buổi mỗi tuần", ""),
    "stories": ("Câu chuyện sẽ phát", "để trống: mới nhất của địa phương"),
    "parameter": ("Mã tham số", "khi mã bản ghi khác mã tham số (bản ghi của tỉnh)"),
    "example": ("Chỉ để minh họa", "số liệu bịa để minh họa: ghi rõ ở mọi chỗ dùng"),
    "values": ("Các giai đoạn", ""),
    "confirmed": (
        "Đã đối chiếu văn bản",
        'tắt nếu lấy từ bản sao chưa đối chiếu (hiện "chưa đối chiếu văn bản gốc")',
    ),
}

STATUS = {"published": "Xuất bản", "draft": "Bản nháp", "cho-duyet": "Chờ duyệt"}
WEEKDAYS = {
    "daily": "Hằng ngày",
    "mon": "Thứ Hai",
    "tue": "Thứ Ba",
    "wed": "Thứ Tư",
    "thu": "Thứ Năm",
    "fri": "Thứ Sáu",
    "sat": "Thứ Bảy",
    "sun": "Chủ nhật",
}


def label(kind: str, parent: str, name: str, schema: dict) -> tuple[str, str]:
    """(label, hint) of a field; ``parent`` is the enclosing field (``quote`` for ``quote.by``)."""
    for key in (f"{kind}.{name}", f"{parent}.{name}", name):
        if key in FIELDS:
            return FIELDS[key]
    described = str(schema.get("description") or "")
    return (described or str(schema.get("title") or name), "")
