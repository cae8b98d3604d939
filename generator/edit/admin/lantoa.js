// Lan Tỏa's part of the editor page: the session token, the model's messages at their fields,
// warnings after a save, the list of policy placeholders [[…]] and a link to the live preview.
(function () {
  "use strict";
  var KEY = "lantoa-token";
  var found = location.hash.match(/token=([A-Za-z0-9_-]+)/);
  if (found) {
    // Kept in this tab only; the address bar loses it so that Decap's router gets "#/".
    sessionStorage.setItem(KEY, found[1]);
    history.replaceState(null, "", location.pathname + "#/");
  }
  var token = sessionStorage.getItem(KEY) || "";
  var settings = null;
  var original = window.fetch.bind(window);

  function ours(url) {
    return url.origin === location.origin &&
      (url.pathname.indexOf("/api/") === 0 || url.pathname === "/admin/config.json");
  }

  window.fetch = function (input, init) {
    var url = new URL(typeof input === "string" ? input : input.url, location.href);
    if (!ours(url)) return original(input, init);
    init = Object.assign({}, init || {});
    var headers = new Headers(init.headers || (typeof input === "string" ? undefined : input.headers));
    headers.set("X-Lantoa-Token", token);
    init.headers = headers;
    var action = null;
    try { action = JSON.parse(init.body || "{}").action; } catch (e) { action = null; }
    return original(input, init).then(function (response) {
      if (action === "persistEntry" || action === "deleteFiles" || action === "deleteFile") {
        response.clone().json().then(function (body) { saved(response.ok, body); }, function () {});
      }
      return response;
    });
  };

  // --- messages --------------------------------------------------------------------------
  function panel() {
    var box = document.getElementById("lantoa-thong-bao");
    if (!box) {
      box = document.createElement("section");
      box.id = "lantoa-thong-bao";
      box.setAttribute("aria-live", "polite");
      box.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:400;" +
        "max-width:min(440px, calc(100vw - 32px));" +
        "max-height:50vh;overflow:auto;font:14px/1.45 system-ui,sans-serif;";
      document.body.appendChild(box);
    }
    return box;
  }

  function depth(node) {
    var count = 0;
    while (node) { count++; node = node.parentElement; }
    return count;
  }

  // Decap labels a field's control "<name>-field-<n>"; the record's own field is the shallowest
  // (a person's "name" or the source's "date" sit deeper). "people[0].name" is shown at "people".
  function labelOf(field) {
    var top = String(field).split(/[.\[]/)[0];
    var labels = Array.prototype.slice.call(document.querySelectorAll('label[for^="' + top + '-field-"]'));
    labels.sort(function (a, b) { return depth(a) - depth(b); });
    return labels[0] || null;
  }

  function clearMarks() {
    document.querySelectorAll(".lantoa-loi-truong").forEach(function (node) { node.remove(); });
  }

  function markField(problem) {
    var label = labelOf(problem.field);
    if (!label) return false;
    var note = document.createElement("p");
    note.className = "lantoa-loi-truong";
    note.setAttribute("role", "alert");
    note.dataset.field = problem.field;
    note.style.cssText = "color:#b00020;background:#fdecee;border-radius:4px;padding:6px 8px;margin:4px 0;";
    note.textContent = problem.field + ": " + problem.message;
    label.insertAdjacentElement("afterend", note);
    return true;
  }

  function saved(ok, body) {
    clearMarks();
    var box = panel();
    box.innerHTML = "";
    var list = ok ? (body.warnings || []) : (body.problems || []);
    if (ok && !list.length) return;
    var card = document.createElement("div");
    card.id = ok ? "lantoa-canh-bao" : "lantoa-loi";
    card.setAttribute("role", ok ? "status" : "alert");
    card.style.cssText = "background:#fff;border-left:6px solid " + (ok ? "#c77700" : "#b00020") +
      ";box-shadow:0 2px 12px rgba(0,0,0,.25);padding:12px 14px;margin-top:8px;border-radius:4px;";
    var title = document.createElement("strong");
    title.textContent = ok ? "Đã lưu, có cảnh báo:" : (list.length ? "Chưa lưu: bản ghi còn lỗi" : (body.error || "Chưa lưu"));
    card.appendChild(title);
    var ul = document.createElement("ul");
    ul.style.margin = "6px 0 0 18px";
    list.forEach(function (problem) {
      var li = document.createElement("li");
      li.textContent = problem.field + ": " + problem.message;
      ul.appendChild(li);
      if (!ok) markField(problem);
    });
    card.appendChild(ul);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Đóng";
    close.style.cssText = "margin-top:8px;";
    close.onclick = function () { box.innerHTML = ""; };
    card.appendChild(close);
    box.appendChild(card);
  }

  // --- placeholders and the preview ----------------------------------------------------------
  var lastText = null;
  document.addEventListener("focusin", function (event) {
    var t = event.target;
    if (t && (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type === "text") || t.isContentEditable)) {
      lastText = t;
    }
  });

  function insert(text) {
    var target = lastText;
    if (!target || !document.body.contains(target)) {
      if (navigator.clipboard) navigator.clipboard.writeText(text);
      alert("Đã chép " + text + ": bấm vào ô chữ rồi dán (Ctrl+V).");
      return;
    }
    if (target.isContentEditable) {  // the Markdown field: its editor takes typed text
      target.focus();
      document.execCommand("insertText", false, text);
      return;
    }
    var start = target.selectionStart || 0, end = target.selectionEnd || 0;
    var value = target.value.slice(0, start) + text + target.value.slice(end);
    var proto = target.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, "value").set.call(target, value);
    target.dispatchEvent(new Event("input", { bubbles: true }));
    target.focus();
    target.setSelectionRange(start + text.length, start + text.length);
  }

  function tools(data) {
    var bar = document.createElement("div");
    bar.id = "lantoa-cong-cu";
    bar.style.cssText = "position:fixed;left:16px;bottom:16px;z-index:400;display:flex;gap:8px;" +
      "font:14px system-ui,sans-serif;background:#fff;padding:6px 8px;border-radius:6px;" +
      "box-shadow:0 2px 10px rgba(0,0,0,.2);align-items:center;";
    var select = document.createElement("select");
    select.id = "lantoa-so-lieu";
    select.style.maxWidth = "320px";
    select.setAttribute("aria-label", "Chèn số liệu chính sách [[…]]");
    var first = document.createElement("option");
    first.value = "";
    first.textContent = "Chèn số liệu chính sách [[…]]";
    select.appendChild(first);
    (data.placeholders || []).forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.text;
      option.textContent = item.text + " — " + item.label;
      select.appendChild(option);
    });
    select.addEventListener("mousedown", function () { /* keep the text field that had focus */ });
    select.addEventListener("change", function () {
      if (select.value) insert(select.value);
      select.value = "";
    });
    bar.appendChild(select);
    if (data.preview) {
      var link = document.createElement("a");
      link.href = data.preview;
      link.target = "_blank";
      link.rel = "noopener";
      link.id = "lantoa-xem-truoc";
      link.textContent = "Mở trang xem trước";
      bar.appendChild(link);
      var follow = function () { followRecord(link, data); };
      window.addEventListener("hashchange", follow);
      follow();
    }
    document.body.appendChild(bar);
  }

  // On a record's form the link opens that record's page on the live preview (the site's own
  // templates), which every save refreshes.
  function followRecord(link, data) {
    var match = location.hash.match(/^#\/collections\/([^/]+)\/entries\/([a-z0-9-]+)$/);
    var collection = match && data.config.collections.filter(function (c) { return c.name === match[1]; })[0];
    if (collection && collection.preview_path) {
      link.href = data.preview + collection.preview_path.replace("{{id}}", match[2]);
      link.textContent = "Xem bài này trên trang xem trước";
    } else {
      link.href = data.preview;
      link.textContent = "Mở trang xem trước";
    }
  }

  // Phrases Decap's Vietnamese locale leaves in English; only missing ones are added.
  var MISSING_VI = {
    editor: {
      editorWidgets: {
        list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
        markdown: {
          bold: "Đậm", italic: "Nghiêng", strikethrough: "Gạch ngang", code: "Mã", link: "Liên kết",
          linkPrompt: "Nhập địa chỉ liên kết", headings: "Tiêu đề", quote: "Trích dẫn",
          bulletedList: "Danh sách chấm", numberedList: "Danh sách số", addComponent: "Thêm thành phần"
        },
        image: { addMore: "Thêm ảnh" },
        file: { addMore: "Thêm tệp" }
      }
    }
  };

  // Phrases replaced even though Decap has them: "＋" (a full-width plus) is a blank box in the
  // fonts most computers here have, and "View as" is English.
  var REPLACED_VI = {
    collection: { collectionTop: { newButton: "Thêm %{collectionLabel}", viewAs: "Xem dạng" } }
  };

  function replace(target, extra) {
    Object.keys(extra).forEach(function (key) {
      if (extra[key] && typeof extra[key] === "object") {
        target[key] = target[key] || {};
        replace(target[key], extra[key]);
      } else {
        target[key] = extra[key];
      }
    });
  }

  function fillMissing(target, extra) {
    Object.keys(extra).forEach(function (key) {
      if (extra[key] && typeof extra[key] === "object") {
        target[key] = target[key] || {};
        fillMissing(target[key], extra[key]);
      } else if (!(key in target)) {
        target[key] = extra[key];
      }
    });
  }

  function patchLocale() {
    var vi = window.CMS.getLocale && window.CMS.getLocale("vi");
    if (!vi) return;
    var copy = JSON.parse(JSON.stringify(vi));
    fillMissing(copy, MISSING_VI);
    replace(copy, REPLACED_VI);
    window.CMS.registerLocale("vi", copy);
  }

  window.lantoaStart = function () {
    if (!token) {
      document.body.innerHTML = "<p style='font:16px system-ui;margin:2em'>Hãy mở trình soạn thảo bằng " +
        "địa chỉ có mã phiên (#token=…) mà lệnh <code>lantoa edit</code> in ra.</p>";
      return;
    }
    window.fetch("/admin/config.json").then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          document.body.textContent = data.error || "Không mở được trình soạn thảo.";
          return;
        }
        settings = data;
        // The proxy backend has no accounts: the session token is the login (no "Đăng nhập" click).
        if (!localStorage.getItem("decap-cms-user")) {
          localStorage.setItem("decap-cms-user", JSON.stringify({ backendName: "proxy" }));
        }
        patchLocale();
        window.CMS.init({ config: data.config });
        tools(data);
      });
    });
  };
})();
