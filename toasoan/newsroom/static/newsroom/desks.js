// Desk monitoring: "Move to…" dialog (keyboard) and drag and drop between columns.
// Both send ONE request (POST items/<id>/move/ with the revision the card was rendered with);
// the answer is a message in #desk-flash and a "board-refresh" event that reloads the columns.
(function () {
  "use strict";
  var dialog = document.getElementById("move-dialog");
  var form = document.getElementById("move-form");
  var opener = null;
  var dragged = null;

  function moveUrl(itemId) {
    var board = document.getElementById("board");
    return board.dataset.moveUrl.replace(/\/0\/move\/$/, "/" + itemId + "/move/");
  }

  function send(card, stageId) {
    var stage = String(stageId);
    if (stage === card.dataset.stage) { return Promise.resolve(); }
    return htmx.ajax("POST", moveUrl(card.dataset.item), {
      source: card,
      target: "#desk-flash",
      swap: "innerHTML",
      values: { revision: card.dataset.revision, stage: stage },
    });
  }

  function setBusy(busy) { window.toasoanBoardBusy = busy; }

  document.addEventListener("click", function (evt) {
    var button = evt.target.closest(".move-btn");
    if (!button) { return; }
    var card = button.closest(".item-card");
    opener = button.id;
    form.dataset.item = card.dataset.item;
    form.elements.revision.value = card.dataset.revision;
    form.action = moveUrl(card.dataset.item);
    document.getElementById("move-headline").textContent =
      card.querySelector(".headline").textContent;
    var select = form.elements.stage;
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      var other = group.dataset.outlet !== card.dataset.outlet;
      group.disabled = other;
      group.hidden = other;
    });
    select.value = card.dataset.stage;
    setBusy(true);
    dialog.showModal();
    select.focus();
  });

  if (dialog) {
    dialog.addEventListener("close", function () {
      setBusy(false);
      var back = opener && document.getElementById(opener);
      if (back) { back.focus(); }
    });
    dialog.querySelector("[data-close]").addEventListener("click", function () { dialog.close(); });
    form.addEventListener("submit", function (evt) {
      evt.preventDefault();
      var card = document.getElementById("card-" + form.dataset.item);
      dialog.close();
      if (card) { send(card, form.elements.stage.value); }
    });
  }

  document.addEventListener("dragstart", function (evt) {
    var card = evt.target.closest && evt.target.closest(".item-card[draggable=true]");
    if (!card) { return; }
    dragged = card;
    setBusy(true);
    card.classList.add("dragging");
    evt.dataTransfer.effectAllowed = "move";
    evt.dataTransfer.setData("text/plain", card.dataset.item);
  });
  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("dragging"); }
    dragged = null;
    setBusy(false);
    document.querySelectorAll(".column.drop-target").forEach(function (c) {
      c.classList.remove("drop-target");
    });
  });
  function columnFor(evt) {
    var column = evt.target.closest && evt.target.closest(".column");
    if (!column || !dragged || column.dataset.outlet !== dragged.dataset.outlet) { return null; }
    return column;
  }
  document.addEventListener("dragover", function (evt) {
    var column = columnFor(evt);
    if (!column) { return; }
    evt.preventDefault();
    evt.dataTransfer.dropEffect = "move";
    column.classList.add("drop-target");
  });
  document.addEventListener("dragleave", function (evt) {
    var column = evt.target.closest && evt.target.closest(".column");
    if (column && !column.contains(evt.relatedTarget)) { column.classList.remove("drop-target"); }
  });
  document.addEventListener("drop", function (evt) {
    var column = columnFor(evt);
    if (!column) { return; }
    evt.preventDefault();
    var card = dragged;
    column.classList.remove("drop-target");
    column.querySelector(".column-body").prepend(card);  // show it at once; the refresh confirms
    send(card, column.dataset.stage);
  });
})();
