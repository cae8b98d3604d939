"""`lantoa edit --config-only`: the same forms for a team sharing a repository on a forge.

Writes ``config.yml`` (the generated configuration for Decap's git backend, with the
editorial workflow), an ``index.html`` that loads Decap, and a copy of Decap's bundle, into
one folder the team serves at its own address. Saves then go to the forge as branches and
pull (merge) requests; the team's CI runs `lantoa check` on them, since no Python of ours
sits between the form and the repository.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml

from generator.edit import decap

PAGE = """<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Lan Tỏa — trình soạn thảo</title>
  <link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
  <script src="decap/decap-cms.js"></script>
</body>
</html>
"""
REPO = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")


def write_forge_config(out: Path, backend: str, repo: str, branch: str = "main") -> int:
    if not REPO.match(repo):
        print(
            f'lantoa: --repo "{repo}" không hợp lệ; viết TỔ-CHỨC/TÊN, ví dụ bhxh-quang-ngai/lan-toa',
            file=sys.stderr,
        )
        return 2
    from generator.edit import decap_dist

    out.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(
        decap.git_config(backend, repo, branch), allow_unicode=True, sort_keys=False, width=100
    )
    header = (
        f"# Cấu hình Decap CMS do `lantoa edit --config-only --backend {backend} --repo {repo}` tạo ra\n"
        "# từ mô hình nội dung; đừng sửa tay, hãy chạy lại lệnh khi mô hình đổi.\n"
    )
    (out / "config.yml").write_text(header + text, encoding="utf-8")
    (out / "index.html").write_text(PAGE, encoding="utf-8")
    dist = decap_dist(Path("."))
    if dist is not None:
        target = out / "decap"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(
            dist, target, ignore=shutil.ignore_patterns("*.map", "*.LICENSE.txt", "cms.*", "*.cms.js")
        )
    print(out / "config.yml")
    return 0
