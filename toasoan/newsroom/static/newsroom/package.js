/* Package editor: members in ordered groups; drag and drop, or arrow buttons for the keyboard;
   "Save order" sends the whole list to the server with the revision the page was read at. */
(function () {
  "use strict";
  var root = document.querySelector("[data-package]");
  if (!root) { return; }
  var status = root.querySelector("[data-package-status]");
  var dragged = null;

  function msg(name) { return root.getAttribute("data-msg-" + name) || ""; }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function say(text, failed) {
    if (!status) { return; }
    status.textContent = text;
    status.className = failed ? "error" : "";
  }

  function lists() { return Array.prototype.slice.call(root.querySelectorAll("[data-group]")); }

  function changed(text) {
    root.setAttribute("data-dirty", "1");
    say(text ? text + " " + msg("unsaved") : msg("unsaved"));
  }

  function announceMove(member) {
    var list = member.parentElement;
    var position = Array.prototype.indexOf.call(list.children, member) + 1;
    changed(msg("moved").replace("{n}", position).replace("{group}", list.getAttribute("data-group-label")));
  }

  /* Up/down move within a group and across into the neighbouring group at its edge. */
  function move(member, direction) {
    var all = lists();
    var list = member.parentElement;
    var index = all.indexOf(list);
    if (direction === "up") {
      if (member.previousElementSibling) {
        list.insertBefore(member, member.previousElementSibling);
      } else if (index > 0) {
        all[index - 1].appendChild(member);
      } else { return; }
    } else {
      if (member.nextElementSibling) {
        list.insertBefore(member.nextElementSibling, member);
      } else if (index < all.length - 1) {
        all[index + 1].insertBefore(member, all[index + 1].firstElementChild);
      } else { return; }
    }
    member.querySelector("[data-move=" + direction + "]").focus();
    announceMove(member);
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var member = button.closest("[data-member]");
    if (button.hasAttribute("data-move") && member) {
      move(member, button.getAttribute("data-move"));
    } else if (button.hasAttribute("data-remove") && member) {
      var focusNext = member.nextElementSibling || member.previousElementSibling;
      member.remove();
      if (focusNext) { focusNext.querySelector("button").focus(); }
      changed(msg("removed"));
    } else if (button.hasAttribute("data-add")) {
      add(button.closest("[data-result]"), button.getAttribute("data-add"));
    } else if (button.hasAttribute("data-package-save")) {
      save(button);
    }
  });

  function add(result, group) {
    var id = result.getAttribute("data-item-id");
    if (root.querySelector("[data-member][data-item-id='" + id + "']")) {
      root.querySelector("[data-member][data-item-id='" + id + "'] button").focus();
      return;
    }
    var template = document.getElementById("package-member-template");
    var member = template.content.firstElementChild.cloneNode(true);
    var title = result.getAttribute("data-title");
    member.setAttribute("data-item-id", id);
    member.querySelector(".package-member-title").textContent = title;
    member.querySelector(".badge-type").textContent = result.getAttribute("data-type");
    member.querySelector(".badge-type").nextSibling.textContent = " " + result.getAttribute("data-state");
    member.querySelectorAll(".sr-only").forEach(function (hint) { hint.textContent += " " + title; });
    var thumbnail = result.getAttribute("data-thumbnail");
    var placeholder = member.querySelector(".package-thumb");
    if (thumbnail) {
      var image = document.createElement("img");
      image.src = thumbnail;
      image.alt = "";
      image.className = "package-thumb";
      placeholder.replaceWith(image);
    } else {
      placeholder.textContent = (result.getAttribute("data-type") || "?").charAt(0);
    }
    root.querySelector("[data-group='" + group + "']").appendChild(member);
    changed(msg("added"));
  }

  function members() {
    var rows = [];
    lists().forEach(function (list) {
      list.querySelectorAll("[data-member]").forEach(function (member) {
        rows.push({item_id: parseInt(member.getAttribute("data-item-id"), 10), group: list.getAttribute("data-group")});
      });
    });
    return rows;
  }

  function save(button) {
    button.disabled = true;
    fetch(root.getAttribute("data-save-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify({revision: parseInt(root.getAttribute("data-revision"), 10), members: members()})
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (answer) {
      button.disabled = false;
      if (answer.ok) {
        root.setAttribute("data-revision", answer.body.revision);
        root.removeAttribute("data-dirty");
        say(msg("saved"));
      } else {
        say(msg("failed") + " " + ((answer.body.error && answer.body.error.message) || ""), true);
      }
    }, function () {
      button.disabled = false;
      say(msg("failed"), true);
    });
  }

  /* drag and drop: drop onto a member inserts before it; onto a list's empty part appends */
  root.addEventListener("dragstart", function (event) {
    var member = event.target.closest && event.target.closest("[data-member]");
    if (!member) { return; }
    dragged = member;
    member.classList.add("package-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", member.getAttribute("data-item-id"));
  });
  root.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("package-dragging"); }
    dragged = null;
  });
  root.addEventListener("dragover", function (event) {
    if (dragged && event.target.closest("[data-group]")) { event.preventDefault(); }
  });
  root.addEventListener("drop", function (event) {
    var list = event.target.closest("[data-group]");
    if (!dragged || !list) { return; }
    event.preventDefault();
    var over = event.target.closest("[data-member]");
    if (over && over !== dragged) {
      var rect = over.getBoundingClientRect();
      var after = event.clientY > rect.top + rect.height / 2;
      list.insertBefore(dragged, after ? over.nextElementSibling : over);
    } else if (!over) {
      list.appendChild(dragged);
    }
    announceMove(dragged);
  });

  window.addEventListener("beforeunload", function (event) {
    if (root.hasAttribute("data-dirty")) { event.preventDefault(); }
  });
})();
