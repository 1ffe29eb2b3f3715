/* The item editor: autosave (server draft every few seconds + a localStorage copy), live counts,
   topic chips, media insertion, Ctrl+S, and releasing the lock when the tab closes.

   IME safety: Vietnamese Telex/VNI typing composes text through composition events; nothing here
   writes to the fields or steals focus while a composition is open (see `composing`).

   The media library's picker (newsroom/media.js: ToasoanMedia.openPicker) answers with the chosen
   picture: {mode, html, url, item_revision}; embedded pictures go into the body as a figure. */
/* The rich-text editor's own labels (django-prose-editor reads window.gettext when its module
   loads; this file is loaded before it). Vietnamese here; other languages fall back to English. */
(function () {
  if (window.gettext || (document.documentElement.lang || "").slice(0, 2) !== "vi") { return; }
  var vi = {
    "Add caption": "Thêm chú thích",
    "Alternative Text": "Văn bản thay thế",
    "Browse...": "Chọn...",
    "Bullets": "Gạch đầu dòng",
    "Cancel": "Hủy",
    "Caption": "Chú thích",
    "Columns": "Số cột",
    "Decimal numbers": "Số thập phân",
    "Edit Figure": "Sửa ảnh minh họa",
    "Edit HTML": "Sửa HTML",
    "Edit Image": "Sửa ảnh",
    "Edit Link": "Sửa liên kết",
    "Image URL": "Địa chỉ ảnh",
    "Include header row": "Có hàng tiêu đề",
    "Insert": "Chèn",
    "Insert Figure": "Chèn ảnh minh họa",
    "Insert Table": "Chèn bảng",
    "List properties": "Thuộc tính danh sách",
    "List type": "Kiểu danh sách",
    "Lowercase Roman numerals": "Số La Mã thường",
    "Lowercase letters": "Chữ thường",
    "Open in new window": "Mở trong cửa sổ mới",
    "Prettify": "Định dạng lại",
    "Remove caption": "Bỏ chú thích",
    "Rows": "Số hàng",
    "Start at": "Bắt đầu từ",
    "Table Properties": "Thuộc tính bảng",
    "The HTML contents of the editor. Note that the allowed HTML is restricted by the editor schema.": "Mã HTML của nội dung. Chỉ các thẻ HTML được phép mới được giữ lại.",
    "Title": "Tiêu đề",
    "Toggle fullscreen": "Bật/tắt toàn màn hình",
    "URL": "Địa chỉ (URL)",
    "Update": "Cập nhật",
    "Uppercase Roman numerals": "Số La Mã hoa",
    "Uppercase letters": "Chữ hoa"
    };
  window.gettext = function (text) { return vi[text] || text; };
})();

(function () {
  "use strict";
  var form = document.getElementById("editor-form");
  if (!form) { return; }
  var writable = form.dataset.writable === "1";
  var status = document.getElementById("autosave-status");
  var counts = document.getElementById("counts");
  var body = document.getElementById("id_body_html");
  var revisionInput = document.getElementById("id_revision");
  var storageKey = form.dataset.storageKey;
  var AUTOSAVE_EVERY_MS = 4000;
  var dirty = false, composing = false, inFlight = false, lastAttempt = 0, submitting = false;
  var proseEditor = null;

  function csrf() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function textOf(html) {
    var doc = new DOMParser().parseFromString("<div>" + (html || "") + "</div>", "text/html");
    return (doc.body.textContent || "").replace(/\s+/g, " ").trim();
  }

  function updateCounts() {
    if (!counts || !body) { return; }
    var text = textOf(body.value);
    // Vietnamese words are syllables separated by spaces, so a split on white space counts them.
    var words = text ? text.split(" ").length : 0;
    var minutes = Math.max(1, Math.ceil(words / 200));
    counts.textContent = words + " " + counts.dataset.words + " · " + text.length + " " +
      counts.dataset.chars + " · ~" + minutes + " " + counts.dataset.minutes;
    counts.dataset.wordCount = String(words);
  }

  function snapshot() {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      if (name === "subjects") { (data.subjects = data.subjects || []).push(value); return; }
      data[name] = value;
    });
    return data;
  }

  function keepLocally() {
    if (!storageKey) { return; }
    try {
      localStorage.setItem(storageKey, JSON.stringify({t: Date.now(), fields: snapshot()}));
    } catch (e) { /* storage full or disabled: the server draft still holds the text */ }
  }

  function setStatus(text) { if (status) { status.textContent = text; } }

  function autosave() {
    if (!dirty || composing || inFlight || submitting || !writable) { return; }
    inFlight = true;
    lastAttempt = Date.now();
    dirty = false;
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: {"X-CSRFToken": csrf(), "Accept": "application/json"}
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) { throw new Error(answer.message || response.status); }
        setStatus(status.dataset.saved + " " + answer.saved_at);
        form.dataset.lastAutosave = answer.saved_at;
      });
    }).catch(function (error) {
      dirty = true;
      setStatus(navigator.onLine === false ? status.dataset.offline : status.dataset.failed + " " + error.message);
    }).finally(function () { inFlight = false; });
  }

  function changed() {
    if (!writable) { return; }
    dirty = true;
    updateCounts();
    if (!composing) { keepLocally(); }
  }

  form.addEventListener("input", function (event) {
    if (event.isComposing) { dirty = true; return; }
    changed();
  });
  form.addEventListener("change", changed);
  document.addEventListener("compositionstart", function () { composing = true; });
  document.addEventListener("compositionend", function () { composing = false; changed(); });
  setInterval(function () {
    if (Date.now() - lastAttempt >= AUTOSAVE_EVERY_MS) { autosave(); }
  }, 1000);

  document.addEventListener("keydown", function (event) {
    if (event.isComposing || !writable) { return; }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      var save = document.getElementById("save-button");
      if (save) { save.click(); }
    }
  });

  form.addEventListener("submit", function () {
    submitting = true;
    // The server keeps the submitted text as a draft until the save succeeds.
    if (storageKey) { localStorage.removeItem(storageKey); }
  });

  window.addEventListener("pagehide", function () {
    if (submitting || !writable || !navigator.sendBeacon) { return; }
    if (dirty) { keepLocally(); }
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf());
    navigator.sendBeacon(form.dataset.unlockUrl, data);
  });

  /* The second net: a newer copy in this browser than anything the server holds. */
  function offerLocalCopy() {
    if (!storageKey || !writable || document.getElementById("recovery")) { return; }
    var raw = localStorage.getItem(storageKey);
    if (!raw) { return; }
    var copy;
    try { copy = JSON.parse(raw); } catch (e) { return; }
    var serverDraft = Number(form.dataset.serverDraft || 0) * 1000;
    if (copy.t <= serverDraft) { return; }
    var now = snapshot(), differs = false;
    Object.keys(copy.fields).forEach(function (name) {
      if (name !== "revision" && JSON.stringify(copy.fields[name]) !== JSON.stringify(now[name])) { differs = true; }
    });
    if (!differs) { localStorage.removeItem(storageKey); return; }
    var box = document.getElementById("local-recovery");
    box.hidden = false;
    document.getElementById("local-recover").addEventListener("click", function () {
      restoreFields(copy.fields);
      box.hidden = true;
    });
    document.getElementById("local-dismiss").addEventListener("click", function () {
      localStorage.removeItem(storageKey);
      box.hidden = true;
    });
  }

  function restoreFields(fields) {
    Object.keys(fields).forEach(function (name) {
      if (name === "subjects" || name === "revision") { return; }
      var field = form.elements.namedItem(name);
      if (!field || field.length) { return; }
      if (name === "body_html" && proseEditor) { proseEditor.commands.setContent(fields[name]); }
      field.value = fields[name];
    });
    changed();
  }

  /* Media Topics: choose from the htmx search results, remove with the × button. */
  document.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-topic-code]");
    if (pick) {
      var code = pick.dataset.topicCode;
      var chips = document.getElementById("topic-chips");
      if (!chips.querySelector("input[value='" + CSS.escape(code) + "']")) {
        var li = document.createElement("li");
        li.className = "chip";
        var hidden = document.createElement("input");
        hidden.type = "hidden"; hidden.name = "subjects"; hidden.value = code;
        var remove = document.createElement("button");
        remove.type = "button"; remove.className = "btn-link chip-remove"; remove.textContent = "×";
        remove.setAttribute("data-remove-topic", "");
        remove.setAttribute("aria-label", (document.getElementById("topic-q").dataset.removeLabel || "") + " " + pick.dataset.topicLabel);
        li.append(hidden, pick.dataset.topicLabel + " ", remove);
        chips.append(li);
      }
      changed();
      return;
    }
    var drop = event.target.closest("[data-remove-topic]");
    if (drop) { drop.closest("li").remove(); changed(); return; }
    var insert = event.target.closest("[data-insert-src]");
    if (insert) {
      insertFigure(insert.dataset.insertSrc, insert.dataset.insertAlt, insert.dataset.insertCaption);
    }
  });

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML.replace(/"/g, "&quot;");
  }

  function insertFigure(src, alt, caption) {
    if (!proseEditor || !src) { return; }
    var html = '<figure><img src="' + escapeHtml(src) + '" alt="' + escapeHtml(alt) + '">' +
      (caption ? "<figcaption>" + escapeHtml(caption) + "</figcaption>" : "") + "</figure><p></p>";
    insertHtml(html);
  }

  function insertHtml(html) {
    if (!proseEditor) { return; }
    proseEditor.chain().focus().insertContent(html).run();
  }

  /* Upload a picture from the editor (the media library's upload endpoint), then list it. */
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.id !== "media-upload" || !input.files.length) { return; }
    var note = document.getElementById("media-upload-status");
    var data = new FormData();
    data.append("file", input.files[0]);
    data.append("outlet", input.dataset.outlet);
    fetch(input.dataset.uploadUrl, {
      method: "POST", body: data, credentials: "same-origin", headers: {"X-CSRFToken": csrf()}
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (response.status !== 201) {
          var error = answer.error || {};
          throw new Error(error.message || answer.message || response.status);
        }
        note.textContent = input.dataset.done + " " + (answer.headline || answer.name);
        input.value = "";
        var list = document.getElementById("media-browse");
        if (list) { list.click(); }
      });
    }).catch(function (error) { note.textContent = input.dataset.failed + " " + error.message; });
  });

  /* The media library's picker (upload or choose), when its script is on the page. */
  document.addEventListener("DOMContentLoaded", function () {  // after media.js (also deferred)
    var pickerButtons = document.querySelector(".picker-buttons");
    if (pickerButtons && window.ToasoanMedia) { pickerButtons.hidden = false; }
  });
  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-open-picker]");
    if (!opener || !window.ToasoanMedia) { return; }
    var mode = opener.dataset.openPicker;
    window.ToasoanMedia.openPicker({
      item: form.dataset.itemId, mode: mode, revision: revisionInput.value,
      url: opener.dataset.pickerUrl, title: opener.textContent
    }).then(function (result) {
      if (!result) { return; }
      if (mode === "featured") {
        if (result.item_revision) { revisionInput.value = result.item_revision; }
        if (window.htmx) { window.htmx.ajax("GET", opener.dataset.featuredUrl, {target: "#featured-panel"}); }
      } else if (result.html) {
        insertHtml(result.html);
      } else {
        insertFigure(result.url, result.alt, result.caption);
      }
    });
  });

  function editorReady(editor) {
    proseEditor = editor;
    window.toasoanEditor = editor;
    form.dataset.editorReady = "1";
    updateCounts();
  }
  document.addEventListener("prose-editor:ready", function (event) {
    if (event.detail.textarea === body) { editorReady(event.detail.editor); }
  });
  // If the editor came up before this script listened, Tiptap keeps it on its DOM node.
  var existing = body && body.closest(".prose-editor");
  var view = existing && existing.querySelector(".ProseMirror");
  if (view && view.editor) { editorReady(view.editor); }

  updateCounts();
  offerLocalCopy();
})();
