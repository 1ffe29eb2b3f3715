// @mention suggestions in the comment box: an ARIA combobox over a listbox of colleagues.
(function () {
  "use strict";
  if (window.toasoanComments) { return; }
  window.toasoanComments = true;
  var timer = null;

  function mentionAt(box) {
    var before = box.value.slice(0, box.selectionStart);
    var m = /(^|[^\w@])@([\w.\-]*)$/u.exec(before);
    return m ? { start: before.length - m[2].length - 1, query: m[2] } : null;
  }
  function listOf(box) { return document.getElementById(box.getAttribute("aria-controls")); }
  function close(box) {
    var list = listOf(box);
    list.hidden = true;
    list.innerHTML = "";
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
  }
  function choose(box, option) {
    var found = mentionAt(box);
    if (!found) { return close(box); }
    var end = box.selectionStart;
    var insert = "@" + option.dataset.username + " ";
    box.value = box.value.slice(0, found.start) + insert + box.value.slice(end);
    var caret = found.start + insert.length;
    box.setSelectionRange(caret, caret);
    close(box);
    box.focus();
  }
  function show(box, users) {
    var list = listOf(box);
    list.innerHTML = "";
    users.forEach(function (u, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = list.id + "-" + i;
      li.dataset.username = u.username;
      li.textContent = u.name + " (@" + u.username + ")";
      li.setAttribute("aria-selected", i === 0 ? "true" : "false");
      li.addEventListener("mousedown", function (evt) { evt.preventDefault(); choose(box, li); });
      list.appendChild(li);
    });
    if (!users.length) { return close(box); }
    list.hidden = false;
    box.setAttribute("aria-expanded", "true");
    box.setAttribute("aria-activedescendant", list.id + "-0");
  }
  function suggest(box) {
    var found = mentionAt(box);
    if (!found) { return close(box); }
    var url = box.dataset.mentionsUrl + "?q=" + encodeURIComponent(found.query);
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { users: [] }; })
      .then(function (data) { show(box, data.users || []); });
  }
  document.addEventListener("input", function (evt) {
    var box = evt.target;
    if (!box.matches || !box.matches("textarea[data-mentions-url]")) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () { suggest(box); }, 120);
  });
  document.addEventListener("keydown", function (evt) {
    var box = evt.target;
    if (!box.matches || !box.matches("textarea[data-mentions-url]")) { return; }
    if (box.getAttribute("aria-expanded") !== "true") { return; }
    var options = Array.prototype.slice.call(listOf(box).querySelectorAll("[role=option]"));
    var current = options.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
    if (evt.key === "ArrowDown" || evt.key === "ArrowUp") {
      evt.preventDefault();
      var next = (current + (evt.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
      options.forEach(function (o, i) { o.setAttribute("aria-selected", i === next ? "true" : "false"); });
      box.setAttribute("aria-activedescendant", options[next].id);
    } else if (evt.key === "Enter" || evt.key === "Tab") {
      if (current >= 0) { evt.preventDefault(); choose(box, options[current]); }
    } else if (evt.key === "Escape") {
      evt.preventDefault();
      close(box);
    }
  });
  document.addEventListener("focusout", function (evt) {
    var box = evt.target;
    if (box.matches && box.matches("textarea[data-mentions-url]")) { setTimeout(function () { close(box); }, 150); }
  });
})();
