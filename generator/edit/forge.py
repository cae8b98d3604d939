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
from dataclasses import dataclass
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
SECURE_URL = re.compile(r"^https://[^\s/?#]+(/[^\s?#]*)?$")
GITLAB_COM = "https://gitlab.com"


@dataclass(frozen=True)
class Forge:
    """Where the team's repository is and how its editors log in (Decap's backend options)."""

    backend: str  # gitea, gitlab or github
    repo: str  # ORG/NAME
    branch: str = "main"
    url: str | None = None  # the forge's own address: a Gitea, a self-hosted GitLab, GitHub Enterprise
    app_id: str | None = None  # the OAuth application's client id (Gitea, GitLab: PKCE, no secret)
    auth_url: str | None = None  # GitHub: the OAuth proxy that keeps the application's secret


def backend_options(forge: Forge) -> tuple[dict[str, str], list[str]]:
    """Decap's ``backend:`` for the forge, as its documentation names the options
    (decapcms.org/docs/gitea-backend, gitlab-backend, github-backend, backends-overview), and
    what the team must still add (in Vietnamese) before editors can log in."""
    options = {"name": forge.backend, "repo": forge.repo, "branch": forge.branch}
    missing: list[str] = []
    url = forge.url.rstrip("/") if forge.url else None
    if forge.backend == "gitea":
        assert url is not None  # required by write_forge_config
        options |= {
            "base_url": url,
            "api_root": f"{url}/api/v1",
            "auth_endpoint": f"{url}/login/oauth/authorize",
        }
    elif forge.backend == "gitlab":
        url = url or GITLAB_COM
        options |= {"auth_type": "pkce", "base_url": url, "api_root": f"{url}/api/v4"}
        if url != GITLAB_COM:
            options["auth_endpoint"] = "oauth/authorize"
    else:  # github: no PKCE for this, an OAuth proxy keeps the secret
        if url:
            options["api_root"] = f"{url}/api/v3"  # GitHub Enterprise
        if forge.auth_url:
            options["base_url"] = forge.auth_url.rstrip("/")
        else:
            missing.append("base_url: địa chỉ máy chủ OAuth giữ mã bí mật của ứng dụng GitHub (--auth-url)")
    if forge.backend in ("gitea", "gitlab"):
        if forge.app_id:
            options["app_id"] = forge.app_id
        else:
            missing.append("app_id: mã (Client ID) của ứng dụng OAuth tạo trên máy chủ git (--app-id)")
    return options, missing


def write_forge_config(out: Path, forge: Forge) -> int:
    if not REPO.match(forge.repo):
        print(
            f'lantoa: --repo "{forge.repo}" không hợp lệ; viết TỔ-CHỨC/TÊN, ví dụ bhxh-quang-ngai/lan-toa',
            file=sys.stderr,
        )
        return 2
    if forge.backend == "gitea" and not forge.url:
        example = "https://git.bhxh-quang-ngai.vn"
        print(f"lantoa: --backend gitea cần --forge-url, ví dụ {example}", file=sys.stderr)
        return 2
    for option, value in (("--forge-url", forge.url), ("--auth-url", forge.auth_url)):
        if value is not None and not SECURE_URL.match(value):
            print(f'lantoa: {option} "{value}" phải là địa chỉ https://…', file=sys.stderr)
            return 2
    from generator.edit import decap_dist

    backend, missing = backend_options(forge)
    out.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(decap.git_config(backend), allow_unicode=True, sort_keys=False, width=100)
    command = f"lantoa edit --config-only --backend {forge.backend} --repo {forge.repo}"
    header = (
        f"# Cấu hình Decap CMS do `{command}` tạo ra\n"
        "# từ mô hình nội dung; đừng sửa tay, hãy chạy lại lệnh khi mô hình đổi.\n"
    )
    if missing:
        header += "# Còn thiếu, chưa đăng nhập được: " + "; ".join(missing) + ".\n"
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
    for item in missing:
        print(f"cảnh báo: còn thiếu {item}", file=sys.stderr)
    return 0
