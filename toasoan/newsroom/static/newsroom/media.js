/* Media library: drag-and-drop upload with per-file progress, crop editor with focal point,
   the media picker (in an iframe or as a fragment) and ToasoanMedia.openPicker() for other pages.
   The picker's contract is documented at the top of toasoan/newsroom/web/media.py. */
(function () {
  "use strict";

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function errorText(xhrOrBody, fallback) {
    var body = xhrOrBody;
    if (typeof xhrOrBody === "string") {
      try { body = JSON.parse(xhrOrBody); } catch (e) { return fallback; }
    }
    return (body && body.error && body.error.message) || fallback;
  }

  /* ---------- htmx: 4xx answers of the media forms carry the message: swap them (as
     toasoan/ui.js does for data-swap-errors; repeated here for the picker page, which is not
     built on base.html) */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var elt = event.detail.elt;
    if (status >= 400 && status < 500 && elt && elt.closest && elt.closest("[data-swap-errors]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var fresh = event.detail.target.querySelector("[data-item-revision]");
    if (fresh) {  // a successful save: every form of the page continues from the new revision
      var revision = fresh.getAttribute("data-item-revision");
      document.querySelectorAll("input[name=revision]").forEach(function (input) {
        input.value = revision;
      });
    }
    initCrop();
  });

  /* ---------- upload */
  function uploadOne(section, file) {
    var list = section.querySelector("[data-upload-list]");
    var row = document.createElement("li");
    var name = document.createElement("span");
    var bar = document.createElement("progress");
    var status = document.createElement("span");
    name.className = "media-upload-name";
    name.textContent = file.name;
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    status.className = "media-upload-status";
    status.textContent = section.getAttribute("data-msg-waiting") || "…";
    row.append(name, bar, status);
    list.appendChild(row);
    return new Promise(function (resolve) {
      var data = new FormData();
      data.append("file", file);
      data.append("outlet", section.querySelector("select[name=outlet]").value);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", section.getAttribute("data-upload-url"));
      xhr.setRequestHeader("X-CSRFToken", csrfToken());
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
      });
      xhr.addEventListener("load", function () {
        if (xhr.status === 201) {
          var body = JSON.parse(xhr.responseText);
          bar.value = 100;
          row.className = "media-upload-ok";
          status.textContent = "✓ ";
          var link = document.createElement("a");
          link.href = body.detail_url;
          link.textContent = body.headline || file.name;
          status.appendChild(link);
          resolve(true);
        } else {
          row.className = "media-upload-failed";
          status.setAttribute("role", "alert");
          status.textContent = errorText(xhr.responseText, file.name + ": HTTP " + xhr.status);
          resolve(false);
        }
      });
      xhr.addEventListener("error", function () {
        row.className = "media-upload-failed";
        status.setAttribute("role", "alert");
        status.textContent = file.name + ": " + (section.getAttribute("data-msg-network") || "network error");
        resolve(false);
      });
      xhr.send(data);
    });
  }

  function uploadAll(section, files) {
    var queue = Array.prototype.slice.call(files);
    var running = [];
    var next = function () {  // two at a time: progress stays meaningful per file
      var file = queue.shift();
      if (!file) { return Promise.resolve(); }
      return uploadOne(section, file).then(next);
    };
    running.push(next(), next());
    Promise.all(running).then(refreshGrid);
  }

  function refreshGrid() {
    var form = document.querySelector("form.media-filters");
    if (form && window.htmx) { window.htmx.trigger(form, "submit"); }
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("[data-upload-input]") && input.files.length) {
      uploadAll(input.closest("[data-upload-url]"), input.files);
      input.value = "";
    }
  });

  ["dragenter", "dragover"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var zone = event.target.closest && event.target.closest("[data-drop-zone]");
      if (zone) {
        event.preventDefault();
        zone.classList.add("media-drop-active");
      }
    });
  });
  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest("[data-drop-zone]");
    if (zone && !zone.contains(event.relatedTarget)) { zone.classList.remove("media-drop-active"); }
  });
  document.addEventListener("drop", function (event) {
    var zone = event.target.closest && event.target.closest("[data-drop-zone]");
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.remove("media-drop-active");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      uploadAll(zone.closest("[data-upload-url]"), event.dataTransfer.files);
    }
  });

  /* ---------- crop editor: same arithmetic as toasoan/newsroom/media/geometry.py crop_box */
  function place(length, cropLength, focus) {
    var start = Math.floor(focus - cropLength / 2 + 0.5);
    return Math.min(Math.max(start, 0), length - cropLength);
  }

  function cropBox(width, height, rw, rh, fx, fy) {
    var cw, ch;
    if (width * rh >= height * rw) {
      cw = Math.min(width, Math.max(1, Math.floor((2 * height * rw + rh) / (2 * rh))));
      ch = height;
    } else {
      cw = width;
      ch = Math.min(height, Math.max(1, Math.floor((2 * width * rh + rw) / (2 * rw))));
    }
    var left = place(width, cw, fx * width);
    var top = place(height, ch, fy * height);
    return [left, top, left + cw, top + ch];
  }

  function clamp01(value) {
    var n = parseFloat(String(value).replace(",", "."));
    if (isNaN(n)) { return 0.5; }
    return Math.min(1, Math.max(0, n));
  }

  function drawCrops(form) {
    var part = form.closest("[data-media-part]");
    var stage = part && part.querySelector("[data-crop-stage]");
    if (!stage) { return; }
    var fieldset = form.querySelector(".media-aspects");
    var width = parseInt(fieldset.getAttribute("data-width"), 10);
    var height = parseInt(fieldset.getAttribute("data-height"), 10);
    var fx = clamp01(form.querySelector("[data-focal-x]").value);
    var fy = clamp01(form.querySelector("[data-focal-y]").value);
    var marker = stage.querySelector("[data-focal-marker]");
    marker.style.left = fx * 100 + "%";
    marker.style.top = fy * 100 + "%";
    stage.querySelectorAll(".media-crop-box").forEach(function (box) { box.remove(); });
    if (!width || !height) { return; }
    form.querySelectorAll("[data-aspect]:checked").forEach(function (input) {
      var parts = input.value.split(":");
      var b = cropBox(width, height, parseInt(parts[0], 10), parseInt(parts[1], 10), fx, fy);
      var box = document.createElement("span");
      box.className = "media-crop-box";
      box.setAttribute("aria-hidden", "true");
      box.style.left = (b[0] / width) * 100 + "%";
      box.style.top = (b[1] / height) * 100 + "%";
      box.style.width = ((b[2] - b[0]) / width) * 100 + "%";
      box.style.height = ((b[3] - b[1]) / height) * 100 + "%";
      box.textContent = input.value;
      stage.appendChild(box);
    });
  }

  function initCrop() {
    document.querySelectorAll("[data-crop-form]").forEach(drawCrops);
  }

  document.addEventListener("click", function (event) {
    var image = event.target.closest && event.target.closest("[data-crop-image]");
    if (!image) { return; }
    var part = image.closest("[data-media-part]");
    var form = part && part.querySelector("[data-crop-form]");
    if (!form) { return; }
    var rect = image.getBoundingClientRect();
    var x = (event.clientX - rect.left) / rect.width;
    var y = (event.clientY - rect.top) / rect.height;
    form.querySelector("[data-focal-x]").value = clamp01(x).toFixed(2);
    form.querySelector("[data-focal-y]").value = clamp01(y).toFixed(2);
    drawCrops(form);
  });

  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("[data-crop-form]");
    if (form) { drawCrops(form); }
  });
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("[data-crop-form]");
    if (form) { drawCrops(form); }
  });

  /* ---------- picker (inside the iframe, or as a fragment in the host page) */
  function tell(message) {
    if (window.parent && window.parent !== window) {
      window.parent.postMessage(message, window.location.origin);
    } else if (message.type === "toasoan:media-chosen") {
      document.dispatchEvent(new CustomEvent("toasoan:media-chosen", {detail: message.result}));
    } else {
      document.dispatchEvent(new CustomEvent("toasoan:media-cancelled"));
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-choose]");
    var picker = button && button.closest("[data-media-picker]");
    if (!picker) { return; }
    var data = new FormData();
    data.append("item", picker.getAttribute("data-item"));
    data.append("mode", picker.getAttribute("data-mode"));
    data.append("revision", picker.getAttribute("data-revision"));
    data.append("asset", button.getAttribute("data-choose"));
    var errorBox = picker.querySelector("[data-picker-error]");
    button.disabled = true;
    fetch(picker.getAttribute("data-choose-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken()}
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (answer) {
      button.disabled = false;
      if (!answer.ok) {
        errorBox.textContent = errorText(answer.body, "Error");
        errorBox.hidden = false;
        return;
      }
      picker.setAttribute("data-revision", answer.body.item_revision);
      tell({type: "toasoan:media-chosen", result: answer.body});
    });
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-picker-cancel]")) {
      tell({type: "toasoan:media-cancelled"});
    }
  });

  /* ---------- for host pages: ToasoanMedia.openPicker({item, mode, revision, url}) -> Promise */
  function openPicker(options) {
    var url = (options.url || "/library/picker") + "?item=" + encodeURIComponent(options.item) +
      "&mode=" + encodeURIComponent(options.mode || "embedded") +
      "&revision=" + encodeURIComponent(options.revision == null ? "" : options.revision);
    var title = options.title || (document.documentElement.lang === "en" ? "Media" : "Chọn ảnh");
    var dialog = document.createElement("dialog");
    dialog.className = "media-picker-dialog";
    dialog.setAttribute("aria-label", title);
    var frame = document.createElement("iframe");
    frame.src = url;
    frame.title = title;
    dialog.appendChild(frame);
    document.body.appendChild(dialog);
    dialog.showModal();
    return new Promise(function (resolve) {
      function finish(result) {
        window.removeEventListener("message", onMessage);
        dialog.close();
        dialog.remove();
        resolve(result);
      }
      function onMessage(event) {
        if (event.origin !== window.location.origin || event.source !== frame.contentWindow) { return; }
        if (event.data && event.data.type === "toasoan:media-chosen") { finish(event.data.result); }
        if (event.data && event.data.type === "toasoan:media-cancelled") { finish(null); }
      }
      window.addEventListener("message", onMessage);
      dialog.addEventListener("cancel", function () { finish(null); });
    });
  }

  window.ToasoanMedia = {openPicker: openPicker, cropBox: cropBox};

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initCrop);
  } else {
    initCrop();
  }
  window.addEventListener("load", initCrop);
})();
