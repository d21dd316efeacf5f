// Picture Lock pages: keyboard shortcuts (g then a letter), '/' to filter a table, '?' for the list.
// The pages work without this file; it only adds shortcuts and small conveniences.
(function () {
  "use strict";
  var NAV_KEYS = { d: "dashboard", g: "gantt", t: "tasks", l: "links", r: "resources", j: "jobs", a: "audit", m: "members" };
  var pendingG = false;
  var timer = null;

  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return target.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  function go(key) {
    if (key === "h") { window.location.href = "/"; return true; }
    var name = NAV_KEYS[key];
    var link = name && document.querySelector('#production-nav a[data-nav="' + name + '"]');
    if (link) { window.location.href = link.getAttribute("href"); return true; }
    return false;
  }

  function showShortcuts() {
    var dialog = document.getElementById("shortcuts");
    if (dialog && typeof dialog.showModal === "function" && !dialog.open) dialog.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (pendingG) {
      pendingG = false;
      clearTimeout(timer);
      if (go(event.key)) event.preventDefault();
      return;
    }
    if (event.key === "g") {
      pendingG = true;
      timer = setTimeout(function () { pendingG = false; }, 1500);
    } else if (event.key === "?") {
      event.preventDefault();
      showShortcuts();
    } else if (event.key === "/") {
      var filter = document.querySelector("input[data-filter]");
      if (filter) { event.preventDefault(); filter.focus(); }
    }
  });

  // A search box with data-filter="TABLE_ID" hides rows that do not contain its text.
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[data-filter]")) return;
    var table = document.getElementById(box.getAttribute("data-filter"));
    if (!table) return;
    var needle = box.value.trim().toLowerCase();
    table.querySelectorAll("tbody tr").forEach(function (row) {
      row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) === -1;
    });
  });

  // Buttons with data-confirm ask before submitting (removing a link or a resource...).
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Inline edits (forms marked data-swap-errors) show a conflict (409) or problems (422) in place.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;  // detail.elt is the target
    if ((status === 409 || status === 422) && source && source.closest && source.closest("[data-swap-errors]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var opener = document.getElementById("show-shortcuts");
    if (opener) opener.addEventListener("click", showShortcuts);
  });
})();
