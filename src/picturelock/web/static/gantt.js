// Picture Lock's interactive Gantt (no framework, no build step).
//
// #gantt holds the server-drawn <svg class="gantt-chart">; each task bar or milestone diamond is an
// element with data-task (its dates, float and driver in data-* attributes). A member who may edit
// gets data-movable bars:
//   - drag a bar sideways: a ghost follows, snapped to whole days; letting go moves the task;
//   - or focus a bar (Tab) and press ArrowLeft/ArrowRight (one working day; Shift: a week), then
//     Enter to move it or Escape to cancel.
// A move POSTs task, start (the day the task may start at the earliest) and the task's version to
// data-move-url; the answer is the redrawn chart, with a line of what happened for #gantt-status
// (a 409 when someone changed the task first, a 422 when the plan refuses the move).
// Zoom buttons and the two toggles fetch the chart again for the chosen view.
(function () {
  "use strict";

  var DAY = 86400000;
  var WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  var root = document.getElementById("gantt");
  if (!root) return;
  var statusLine = document.getElementById("gantt-status");
  var tooltip = document.getElementById("gantt-tooltip");
  var options = document.getElementById("gantt-options");
  var pending = null; // {bar, task, version, from, to, ghost, name}
  var drag = null; // {pointer, x, scale}
  var busy = false;

  // -- dates (UTC milliseconds at midnight: no daylight-saving surprises) --------------------------
  function parseDay(text) {
    var p = text.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }
  function isoDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }
  function showDay(ms) {
    var d = new Date(ms);
    return WEEKDAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  // -- the drawn chart's geometry and calendar -------------------------------------------------------
  function chart() {
    return root.querySelector("svg.gantt-chart");
  }
  function numbers(text) {
    var found = {};
    (text || "").split(",").forEach(function (part) {
      if (part !== "") found[+part] = true;
    });
    return found;
  }
  function geometry() {
    var svg = chart();
    var drawn = svg.getBoundingClientRect().width;
    var width = svg.width.baseVal.value || drawn || 1;
    return {
      first: parseDay(svg.getAttribute("data-first-day")),
      days: +svg.getAttribute("data-days"),
      pxPerDay: +svg.getAttribute("data-px-per-day"),
      scale: drawn ? drawn / width : 1,
      closed: numbers(svg.getAttribute("data-closed-days")),
      weekdays: numbers(svg.getAttribute("data-working-weekdays")),
    };
  }
  function working(ms, geo) {
    var offset = Math.round((ms - geo.first) / DAY);
    if (offset >= 0 && offset < geo.days) return !geo.closed[offset];
    return !!geo.weekdays[(new Date(ms).getUTCDay() + 6) % 7]; // off the axis: the calendar's weekdays
  }
  function stepWorkingDays(ms, count, geo) {
    var direction = count > 0 ? 1 : -1;
    var left = Math.abs(count);
    for (var guard = 0; left > 0 && guard < 3700; guard++) {
      ms += direction * DAY;
      if (working(ms, geo)) left--;
    }
    return ms;
  }

  // -- a pending move: the ghost bar and what the status line says ------------------------------------
  function begin(bar) {
    if (pending && pending.bar === bar) return pending;
    cancel(false);
    var ghost = bar.cloneNode(false);
    ["data-task", "data-movable", "data-version", "tabindex", "role", "aria-label", "aria-keyshortcuts"].forEach(
      function (name) { ghost.removeAttribute(name); }
    );
    ghost.setAttribute("class", (bar.getAttribute("class") || "") + " ghost");
    ghost.setAttribute("aria-hidden", "true");
    bar.parentNode.appendChild(ghost);
    bar.classList.add("moving");
    var from = parseDay(bar.getAttribute("data-start"));
    pending = {
      bar: bar,
      task: bar.getAttribute("data-task"),
      version: bar.getAttribute("data-version"),
      name: bar.getAttribute("data-name"),
      from: from,
      to: from,
      ghost: ghost,
    };
    return pending;
  }

  function place(move, to) {
    var geo = geometry();
    move.to = to;
    var dx = ((to - move.from) / DAY) * geo.pxPerDay;
    move.ghost.setAttribute("transform", "translate(" + dx + ",0)");
    if (to === move.from) {
      say("info", move.name + ": starts " + showDay(move.from) + ". Arrow keys move it; Escape cancels.");
    } else {
      say("info", "Move " + move.name + " to start no earlier than " + showDay(to) + "? Enter moves it; Escape cancels.");
    }
  }

  function cancel(announce) {
    if (!pending) return;
    pending.ghost.remove();
    pending.bar.classList.remove("moving");
    var name = pending.name;
    pending = null;
    if (announce) say("info", "Move of " + name + " cancelled.");
  }

  function say(kind, text) {
    statusLine.textContent = text;
    statusLine.className = "gantt-status-" + kind;
    statusLine.setAttribute("data-outcome", kind);
  }

  // -- talking to the server -------------------------------------------------------------------------
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function view() {
    var pressed = options.querySelector('button[data-zoom][aria-pressed="true"]');
    var baseline = document.getElementById("show-baseline");
    var critical = document.getElementById("critical-only");
    return {
      zoom: pressed ? pressed.getAttribute("data-zoom") : "week",
      baseline: baseline && baseline.checked ? "1" : "0",
      critical: critical && critical.checked ? "1" : "0",
    };
  }

  function query(values) {
    return Object.keys(values).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(values[k]);
    }).join("&");
  }

  function commit() {
    if (!pending || busy) return;
    var move = pending;
    if (move.to === move.from) { cancel(true); return; }
    var fields = view();
    fields.task = move.task;
    fields.start = isoDay(move.to);
    fields.expected_version = move.version;
    busy = true;
    root.setAttribute("aria-busy", "true");
    say("info", "Moving " + move.name + " to start no earlier than " + showDay(move.to) + "…");
    fetch(root.getAttribute("data-move-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRF-Token": csrfToken(),
        "X-Gantt-Fragment": "1",
      },
      body: query(fields),
    }).then(function (response) {
      return response.text().then(function (html) { redrawn(html, response, move.task); });
    }).catch(function () {
      cancel(false);
      say("conflict", "Not moved: the server could not be reached. Nothing was changed.");
    }).then(function () {
      busy = false;
      root.removeAttribute("aria-busy");
    });
  }

  function redrawn(html, response, focusTask) {
    var fragment = response.headers.get("Content-Type") || "";
    if (fragment.indexOf("text/html") !== 0 || /<html[\s>]/i.test(html)) {
      cancel(false); // an error page (signed out, not allowed): keep the chart, say why
      var message = new DOMParser().parseFromString(html, "text/html").querySelector("#error .error");
      say("conflict", "Not moved (" + response.status + "): " + (message ? message.textContent : response.statusText));
      return;
    }
    pending = null;
    swap(html);
    var outcome = root.querySelector(".gantt-outcome");
    if (outcome) {
      say(outcome.getAttribute("data-outcome"), outcome.textContent);
      outcome.remove();
    }
    var bar = focusTask && findBar(focusTask);
    if (bar) bar.focus({ preventScroll: true });
  }

  function swap(html) {
    var left = root.scrollLeft;
    var top = root.scrollTop;
    root.innerHTML = html;
    root.scrollLeft = left;
    root.scrollTop = top;
    prepare();
  }

  function findBar(task) {
    var bars = root.querySelectorAll("[data-task]");
    for (var i = 0; i < bars.length; i++) {
      if (bars[i].getAttribute("data-task") === task) return bars[i];
    }
    return null;
  }

  function refresh() {
    cancel(false);
    var values = view();
    var centre = centreDay();
    root.setAttribute("aria-busy", "true");
    fetch(root.getAttribute("data-chart-url") + "?" + query(values), {
      credentials: "same-origin",
      headers: { "X-Gantt-Fragment": "1" },
    }).then(function (response) {
      return response.text().then(function (html) {
        if (!response.ok) { say("conflict", "The chart could not be drawn (" + response.status + ")."); return; }
        root.innerHTML = html;
        prepare();
        scrollToDay(centre);
        history.replaceState(null, "", window.location.pathname + "?" + query(values));
      });
    }).catch(function () {
      say("conflict", "The chart could not be drawn: the server could not be reached.");
    }).then(function () { root.removeAttribute("aria-busy"); });
  }

  function centreDay() {
    if (!chart()) return null;
    var geo = geometry();
    var x0 = +chart().getAttribute("data-chart-x");
    var middle = (root.scrollLeft + root.clientWidth / 2) / geo.scale;
    return geo.first + Math.round((middle - x0) / geo.pxPerDay) * DAY;
  }

  function scrollToDay(ms) {
    if (ms === null || !chart()) return;
    var geo = geometry();
    var x0 = +chart().getAttribute("data-chart-x");
    var x = (x0 + ((ms - geo.first) / DAY) * geo.pxPerDay) * geo.scale;
    root.scrollLeft = Math.max(0, x - root.clientWidth / 2);
  }

  // -- panes: the task columns and the time scale stay in view while the chart scrolls ---------------
  // Copies of the labels (never of the bars: each data-task stays unique) laid over the scrolling
  // chart: on the left the columns, on top the scale, in the corner the column headings.
  var SVG_NS = "http://www.w3.org/2000/svg";
  var panes = {
    left: document.querySelector(".gantt-pane-left"),
    top: document.querySelector(".gantt-pane-top"),
    corner: document.querySelector(".gantt-pane-corner"),
  };
  var KEPT_RECTS = { background: true, stripe: true, sumrow: true };
  var KEPT_LINES = { rule: true, month: true, week: true };

  function rowsTop(svg) {
    var rules = svg.querySelectorAll(":scope > line.rule");
    for (var i = 0; i < rules.length; i++) {
      var y1 = +rules[i].getAttribute("y1");
      if (y1 === +rules[i].getAttribute("y2")) return y1 + 0.5;
    }
    return 0;
  }

  function kept(element, region) {
    var tag = element.localName;
    var cls = element.getAttribute("class") || "";
    var x = +(element.getAttribute(tag === "line" ? "x1" : "x") || 0);
    var y = +(element.getAttribute(tag === "line" ? "y1" : "y") || 0);
    if (tag === "rect" && !KEPT_RECTS[cls]) return false;
    if (tag === "line" && !KEPT_LINES[cls]) return false;
    if (tag !== "rect" && tag !== "line" && tag !== "text") return false;
    if (tag === "text" && cls === "small" && y >= region.top) return false; // the legend
    if (region.left !== null && x >= region.left && tag !== "rect") return false;
    return region.top === null || y < region.top || tag === "rect" && cls === "background";
  }

  function paneSvg(svg, width, height, region) {
    var copy = document.createElementNS(SVG_NS, "svg");
    copy.setAttribute("class", "gantt-chart");
    copy.setAttribute("width", width);
    copy.setAttribute("height", height);
    copy.setAttribute("viewBox", "0 0 " + width + " " + height);
    copy.setAttribute("font-family", svg.getAttribute("font-family") || "");
    var items = svg.querySelectorAll(":scope > rect, :scope > line, :scope > text, :scope > g.row > text");
    items.forEach(function (item) {
      if (kept(item, region)) copy.appendChild(item.cloneNode(true));
    });
    return copy;
  }

  function buildPanes() {
    var svg = chart();
    Object.keys(panes).forEach(function (key) {
      if (panes[key]) { panes[key].textContent = ""; panes[key].hidden = true; }
    });
    if (!svg || !panes.left || !panes.top || !panes.corner) return;
    var width = svg.width.baseVal.value;
    var height = svg.height.baseVal.value;
    var columns = Math.round(+svg.getAttribute("data-chart-x") - 6);
    var top = rowsTop(svg);
    panes.left.appendChild(paneSvg(svg, columns, height, { left: columns, top: null }));
    panes.top.appendChild(paneSvg(svg, width, top, { left: null, top: top }));
    panes.corner.appendChild(paneSvg(svg, columns, top, { left: columns, top: top }));
    panes.left.style.width = panes.corner.style.width = columns + "px";
    panes.top.style.height = panes.corner.style.height = top + "px";
    syncPanes();
  }

  function syncPanes() {
    if (!panes.left || !panes.left.firstChild) return;
    var across = root.scrollLeft > 1;
    var down = root.scrollTop > 1;
    panes.left.hidden = !across;
    panes.top.hidden = !down;
    panes.corner.hidden = !(across && down);
    panes.left.style.height = root.clientHeight + "px";
    panes.top.style.width = root.clientWidth + "px";
    panes.left.firstChild.style.transform = "translateY(" + -root.scrollTop + "px)";
    panes.top.firstChild.style.transform = "translateX(" + -root.scrollLeft + "px)";
  }

  root.addEventListener("scroll", syncPanes, { passive: true });
  window.addEventListener("resize", syncPanes);

  // -- tooltips: a bar's row lines (dates, float, driver...) on hover and on focus --------------------
  function prepare() {
    root.querySelectorAll("[data-task]").forEach(function (bar) {
      var title = bar.parentNode.querySelector(":scope > title");
      if (title) {
        bar.setAttribute("data-tip", title.textContent);
        title.remove(); // our tooltip replaces the browser's, which would show twice
      }
    });
    buildPanes();
  }

  function showTip(bar) {
    var lines = (bar.getAttribute("data-tip") || bar.getAttribute("aria-label") || "").split("\n");
    tooltip.textContent = "";
    lines.forEach(function (line, i) {
      var div = document.createElement("div");
      div.textContent = line;
      if (i === 0) div.className = "gantt-tip-title";
      tooltip.appendChild(div);
    });
    if (bar.hasAttribute("data-movable")) {
      var hint = document.createElement("div");
      hint.className = "gantt-tip-hint";
      hint.textContent = "Drag, or ←/→ then Enter, to move it.";
      tooltip.appendChild(hint);
    }
    tooltip.hidden = false;
    var box = bar.getBoundingClientRect();
    var left = Math.min(box.left, window.innerWidth - tooltip.offsetWidth - 8);
    var top = box.bottom + 6;
    if (top + tooltip.offsetHeight > window.innerHeight) top = box.top - tooltip.offsetHeight - 6;
    tooltip.style.left = Math.max(4, left) + "px";
    tooltip.style.top = Math.max(4, top) + "px";
  }

  function hideTip() {
    tooltip.hidden = true;
  }

  function barOf(target) {
    return target && target.closest ? target.closest("[data-task]") : null;
  }

  root.addEventListener("pointerover", function (event) {
    var bar = barOf(event.target);
    if (bar && !drag) showTip(bar);
  });
  root.addEventListener("pointerout", function (event) {
    if (barOf(event.target) && !drag) hideTip();
  });
  root.addEventListener("focusin", function (event) {
    var bar = barOf(event.target);
    if (bar) showTip(bar);
  });
  root.addEventListener("focusout", function (event) {
    var bar = barOf(event.target);
    if (bar) {
      hideTip();
      if (pending && pending.bar === bar && !busy && !drag) cancel(true);
    }
  });

  // -- keyboard ------------------------------------------------------------------------------------
  root.addEventListener("keydown", function (event) {
    var bar = barOf(event.target);
    if (!bar) return;
    var key = event.key;
    if (key === "Escape" && pending) {
      event.preventDefault();
      cancel(true);
      return;
    }
    if (!bar.hasAttribute("data-movable")) {
      if (key === "ArrowLeft" || key === "ArrowRight") say("info", unmovable(bar));
      return;
    }
    if (key === "ArrowLeft" || key === "ArrowRight") {
      event.preventDefault();
      var move = begin(bar);
      var steps = (event.shiftKey ? 5 : 1) * (key === "ArrowLeft" ? -1 : 1);
      place(move, stepWorkingDays(move.to, steps, geometry()));
    } else if (key === "Enter" && pending && pending.bar === bar) {
      event.preventDefault();
      commit();
    }
  });

  function unmovable(bar) {
    var name = bar.getAttribute("data-name");
    if (root.getAttribute("data-editable") !== "true") return "This chart is read only: " + name + " cannot be moved here.";
    return name + " has started, so it is not moved here: record its progress on the task's page.";
  }

  // -- dragging --------------------------------------------------------------------------------------
  root.addEventListener("pointerdown", function (event) {
    var bar = barOf(event.target);
    if (!bar || !bar.hasAttribute("data-movable") || event.button !== 0 || busy) return;
    event.preventDefault();
    bar.focus({ preventScroll: true });
    var move = begin(bar);
    drag = { pointer: event.pointerId, x: event.clientX, scale: geometry().scale };
    bar.setPointerCapture(event.pointerId);
    hideTip();
    place(move, move.from);
  });

  root.addEventListener("pointermove", function (event) {
    if (!drag || !pending || event.pointerId !== drag.pointer) return;
    var geo = geometry();
    var days = Math.round((event.clientX - drag.x) / drag.scale / geo.pxPerDay);
    place(pending, pending.from + days * DAY);
  });

  function endDrag(event, commitIt) {
    if (!drag || event.pointerId !== drag.pointer) return;
    drag = null;
    if (!pending) return;
    if (pending.bar.hasPointerCapture(event.pointerId)) pending.bar.releasePointerCapture(event.pointerId);
    if (commitIt && pending.to !== pending.from) commit();
    else if (!commitIt) cancel(true);
    else place(pending, pending.from); // a click: the bar stays selected for the keyboard
  }
  root.addEventListener("pointerup", function (event) { endDrag(event, true); });
  root.addEventListener("pointercancel", function (event) { endDrag(event, false); });

  // -- zoom and toggles ------------------------------------------------------------------------------
  options.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-zoom]") : null;
    if (!button) return;
    event.preventDefault();
    options.querySelectorAll("button[data-zoom]").forEach(function (b) {
      b.setAttribute("aria-pressed", b === button ? "true" : "false");
    });
    options.querySelector('input[type=hidden][name=zoom]').value = button.getAttribute("data-zoom");
    refresh();
  });
  options.addEventListener("change", function (event) {
    if (event.target.matches("#show-baseline, #critical-only")) refresh();
  });
  options.addEventListener("submit", function (event) {
    event.preventDefault();
    refresh();
  });

  prepare();
})();
