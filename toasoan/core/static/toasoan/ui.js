// Shared behaviour of the newsroom UI (loaded by toasoan/base.html).
// htmx 2 does not swap 4xx answers; inside an element marked data-swap-errors they carry a
// readable message (validation, stale write, lock), so swap them like any other answer.
document.addEventListener("htmx:beforeSwap", function (evt) {
  var xhr = evt.detail.xhr;
  if (xhr && xhr.status >= 400 && xhr.status < 500 && evt.detail.elt &&
      evt.detail.elt.closest && evt.detail.elt.closest("[data-swap-errors]")) {
    evt.detail.shouldSwap = true;
    evt.detail.isError = false;
  }
});
