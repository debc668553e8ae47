// mimamori review: keyboard shortcuts, showing blurred images on request, analysts' logged reveals,
// grayscale. Loaded as a file (the CSP forbids inline script); never touches scraped text.
(function () {
  "use strict";

  var GRAY_KEY = "mimamori-grayscale";
  var revealedUrls = [];

  // The page's own words for what this script writes (data-text-* on <body>, base.html), so
  // the script speaks the page's language; English if an attribute is missing.
  function say(key, fallback) {
    var value = document.body ? document.body.dataset["text" + key] : "";
    return value || fallback;
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // --- grayscale (on by default; the choice is remembered in this browser) ---
  function applyGrayscale() {
    var on = localStorage.getItem(GRAY_KEY) !== "off";
    document.documentElement.classList.toggle("grayscale", on);
    document.querySelectorAll("[data-grayscale-state]").forEach(function (el) {
      el.textContent = on ? say("GrayscaleOn", "on") : say("GrayscaleOff", "off");
    });
  }
  function toggleGrayscale() {
    var on = localStorage.getItem(GRAY_KEY) !== "off";
    localStorage.setItem(GRAY_KEY, on ? "off" : "on");
    applyGrayscale();
  }

  // --- help overlay ---
  function toggleHelp() {
    var help = document.getElementById("help");
    if (help) { help.hidden = !help.hidden; }
  }

  // --- images: hidden until asked, then the server-blurred copy only ---
  function showBlurredImages() {
    document.querySelectorAll("img[data-src]").forEach(function (img) {
      if (!img.getAttribute("src")) { img.setAttribute("src", img.getAttribute("data-src")); }
      img.hidden = false;
      var slot = img.closest(".media-slot");
      var placeholder = slot && slot.querySelector("[data-placeholder]");
      if (placeholder) { placeholder.hidden = true; }
    });
  }

  // Only analysts get the reveal form; the server checks the role and logs the reason.
  function openRevealForm(button) {
    var slot = button.closest(".media-slot");
    var form = slot && slot.querySelector("form.reveal-form");
    if (!form) { return; }
    button.hidden = true;
    form.hidden = false;
    form.querySelector("input[name=reason]").focus();
  }

  function closeRevealForm(slot) {
    var form = slot.querySelector("form.reveal-form");
    if (form) { form.hidden = true; }
    var open = slot.querySelector("[data-reveal-open]");
    if (open) { open.hidden = false; }
  }

  function setOriginalShown(slot, shown) {
    slot.classList.toggle("showing-original", shown);
    var label = slot.querySelector("[data-original-label]");
    if (label) { label.hidden = !shown; }
  }

  function reveal(form) {
    var slot = form.closest(".media-slot");
    var img = slot && slot.querySelector("img.evidence-img");
    var reason = form.querySelector("input[name=reason]");
    if (!img || !reason.value.trim()) { reason.focus(); return; }
    var submit = form.querySelector("button[type=submit]");
    var failed = form.querySelector("[data-reveal-failed]");
    submit.disabled = true;
    fetch(form.getAttribute("data-reveal-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrfToken() },
      body: new URLSearchParams({ reason: reason.value })
    }).then(function (response) {
      var type = response.headers.get("content-type") || "";
      if (!response.ok || type.indexOf("image/") !== 0) { throw new Error("refused"); }
      return response.blob();
    }).then(function (blob) {
      var url = URL.createObjectURL(blob);
      revealedUrls.push(url);
      img.setAttribute("src", url);
      img.hidden = false;
      img.classList.add("revealed");
      setOriginalShown(slot, true);
      var placeholder = slot.querySelector("[data-placeholder]");
      if (placeholder) { placeholder.hidden = true; }
      var rehide = slot.querySelector("[data-rehide]");
      if (rehide) { rehide.hidden = false; }
      form.hidden = true;
      reason.value = "";
      submit.disabled = false;
      if (failed) { failed.hidden = true; }
    }).catch(function () {
      submit.disabled = false;
      if (failed) {
        failed.textContent = say("RevealFailed", "Could not reveal (try reloading).");
        failed.hidden = false;
      }
    });
  }

  function rehide(button) {
    var slot = button.closest(".media-slot");
    var img = slot && slot.querySelector("img.evidence-img");
    if (img) {
      var old = img.getAttribute("src");
      img.setAttribute("src", img.getAttribute("data-blurred-src"));
      img.classList.remove("revealed");
      if (old && old.indexOf("blob:") === 0) { URL.revokeObjectURL(old); }
    }
    button.hidden = true;
    if (slot) {
      setOriginalShown(slot, false);
      closeRevealForm(slot);
    }
  }

  // Leaving the page forgets every revealed image (and it is never cached: no-store).
  window.addEventListener("pagehide", function () {
    revealedUrls.forEach(function (url) { URL.revokeObjectURL(url); });
    revealedUrls = [];
    document.querySelectorAll("img.revealed").forEach(function (img) {
      img.setAttribute("src", img.getAttribute("data-blurred-src"));
      img.classList.remove("revealed");
      var slot = img.closest(".media-slot");
      if (slot) { setOriginalShown(slot, false); }
    });
  });

  // --- queue selection ---
  var selected = -1;
  function queueRows() { return Array.prototype.slice.call(document.querySelectorAll("[data-queue-row]")); }
  function select(index) {
    var rows = queueRows();
    if (!rows.length) { return; }
    selected = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) { row.classList.toggle("selected", i === selected); });
    var link = rows[selected].querySelector("a");
    if (link) { link.focus(); }
  }

  // --- decisions ---
  function submitDecision(value) {
    var form = document.getElementById("decision-form");
    if (!form) { return; }
    var button = form.querySelector('[data-decision="' + value + '"]');
    var note = form.querySelector("textarea[name=note]");
    if (value === "escalate" && note && !note.value.trim()) {
      var needed = form.querySelector("[data-note-needed]");
      if (needed) { needed.hidden = false; }
      // On a phone the buttons sit in a bar far below the note: bring the note into view.
      note.scrollIntoView({ block: "center" });
      note.focus({ preventScroll: true });
      return;
    }
    if (button) { form.requestSubmit(button); }
  }

  // --- undo after a decision: the server enforces the window; this only shows it ---
  function startUndoCountdown() {
    var form = document.querySelector("[data-undo-form]");
    if (!form) { return; }
    var left = parseInt(form.getAttribute("data-undo-seconds"), 10) || 0;
    var shown = form.querySelector("[data-undo-countdown]");
    var timer = window.setInterval(function () {
      left -= 1;
      if (shown) { shown.textContent = String(Math.max(left, 0)); }
      if (left <= 0) { window.clearInterval(timer); form.hidden = true; }
    }, 1000);
  }

  function navigate(attr) {
    var item = document.getElementById("item");
    var url = item && item.getAttribute(attr);
    if (url) { window.location.assign(url); }
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "TEXTAREA" || tag === "INPUT" || tag === "SELECT") {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var page = document.body.getAttribute("data-page");
    var key = event.key;
    if (key === "?") { toggleHelp(); event.preventDefault(); return; }
    if (key === "Escape") { var h = document.getElementById("help"); if (h) { h.hidden = true; } return; }
    if (key === "g") { toggleGrayscale(); return; }
    if (key === "u") {
      var undo = document.querySelector("[data-undo-form]:not([hidden])");
      if (undo) { undo.requestSubmit(); event.preventDefault(); return; }
    }
    if (page === "queue") {
      if (key === "j") { select(selected + 1); event.preventDefault(); }
      else if (key === "k") { select(selected - 1); event.preventDefault(); }
      else if ((key === "o" || key === "Enter") && selected >= 0) {
        var link = queueRows()[selected].querySelector("a");
        if (link) { window.location.assign(link.getAttribute("href")); event.preventDefault(); }
      }
    } else if (page === "item") {
      if (key === "j") { navigate("data-next-url"); }
      else if (key === "k") { navigate("data-prev-url"); }
      else if (key === "c") { submitDecision("confirm"); }
      else if (key === "d") { submitDecision("dismiss"); }
      else if (key === "e") { submitDecision("escalate"); event.preventDefault(); }
      else if (key === "i") { showBlurredImages(); }
      else if (key === "s") {
        var skip = document.getElementById("skip-form");
        if (skip) { skip.requestSubmit(); }
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    applyGrayscale();
    startUndoCountdown();
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", function (event) {
      var target = event.target.closest("button");
      if (!target) { return; }
      if (target.hasAttribute("data-toggle-help")) { toggleHelp(); }
      else if (target.hasAttribute("data-toggle-grayscale")) { toggleGrayscale(); }
      else if (target.hasAttribute("data-show-images")) { showBlurredImages(); }
      else if (target.hasAttribute("data-reveal-open")) { openRevealForm(target); }
      else if (target.hasAttribute("data-reveal-cancel")) { closeRevealForm(target.closest(".media-slot")); }
      else if (target.hasAttribute("data-rehide")) { rehide(target); }
    });
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.classList && form.classList.contains("reveal-form")) {
        event.preventDefault();
        reveal(form);
      }
    });
    var nameMissed = document.querySelector("details[data-name-missed]");
    if (nameMissed) {
      // Opened by hand, the form takes the keys at once: a name typed right after opening
      // it must not confirm (c) or skip (s) the item.
      nameMissed.querySelector("summary").addEventListener("click", function () {
        if (nameMissed.open) { return; }
        setTimeout(function () { nameMissed.querySelector("input[name=person]").focus(); }, 0);
      });
    }
    var note = document.querySelector("#decision-form textarea[name=note]");
    var escalate = document.querySelector('#decision-form [data-decision="escalate"]');
    if (escalate && note) {
      // Same rule as the server: an escalation needs a note.
      escalate.addEventListener("click", function (event) {
        if (!note.value.trim()) {
          event.preventDefault();
          submitDecision("escalate");
        }
      });
    }
  });
})();
