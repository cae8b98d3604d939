"""`lantoa spoken`: prints a text as the loudspeaker will say it (interface.md)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANTOA = ROOT / ".venv" / "bin" / "lantoa"


def spoken(*args: str) -> subprocess.CompletedProcess[str]:
    command = [str(LANTOA)] if LANTOA.exists() else [sys.executable, "-m", "generator"]
    return subprocess.run([*command, "spoken", *args], capture_output=True, text=True, cwd=ROOT)


def test_campaign_result_is_fully_written_out():
    done = spoken("Toàn tỉnh phát triển mới được 7.555 người, vượt 30,26% so với kế hoạch")
    assert done.returncode == 0, done.stderr
    # speech.md allows the decimals as a number or digit by digit
    assert done.stdout.strip() in {
        "Toàn tỉnh phát triển mới được bảy nghìn năm trăm năm mươi lăm người, "
        f"vượt ba mươi phẩy {decimals} phần trăm so với kế hoạch"
        for decimals in ("hai mươi sáu", "hai sáu")
    }
    assert done.stderr == ""


def test_counts_times_and_abbreviations_become_words():
    done = spoken("1.805/3.229 người tham gia BHXH, phát lúc 5h30")
    assert done.returncode == 0
    text = done.stdout.strip()
    assert not re.search(r"\d", text) and "BHXH" not in text
    assert "một nghìn tám trăm linh năm trên ba nghìn hai trăm hai mươi chín người" in text
    assert "bảo hiểm xã hội" in text and "năm giờ ba mươi" in text


def test_southern_region():
    done = spoken("--region", "nam", "105 người, 7.555 thẻ")
    assert done.returncode == 0
    assert done.stdout.strip() == "một trăm lẻ năm người, bảy ngàn năm trăm năm mươi lăm thẻ"


def test_unknown_abbreviation_is_spelled_and_warned():
    done = spoken("Liên hệ XYZW")
    assert done.returncode == 0
    assert "XYZW" not in done.stdout
    assert done.stderr.startswith("cảnh báo: ") and "XYZW" in done.stderr


def test_usage_error_exits_2():
    assert spoken().returncode == 2
