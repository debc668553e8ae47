// mimamori picture viewer: a shown picture, or a "Blurred screenshot" link, opens large in the
// page's <dialog class="viewer"> (templates/_viewer.html) with zoom buttons, keys and pinch.
// It shows exactly the address it was opened with: the server-blurred copy (/media/N/blurred,
// /captures/N/screenshot), or the blob: of an original an analyst revealed through the logged
// reveal (review.js), and then the "ORIGINAL — logged" label stays in view. Loaded as a file:
// the CSP forbids inline script. Sizes are set through the image's width property, not styles.
(function () {
  "use strict";

  var BLURRED_PATH = /^\/(?:media\/\d+\/blurred|captures\/\d+\/screenshot)$/;
  var SCREENSHOT_PATH = /^\/captures\/\d+\/screenshot$/;
  var ZOOM_STEP = 1.25;
  var MIN_OF_FIT = 0.25; // zoom out to a quarter of the fitted size at most
  var MAX_SCALE = 8; // and in to eight screen pixels per picture pixel (or 8× the fit)

  var viewer = null;
  var state = { scale: 1, fitted: true, byWidth: true, trigger: null, pinch: null, drag: null };

  function part(name) { return viewer.querySelector("[data-viewer-" + name + "]"); }

  // The address to show for `source`, or null when it is not one the viewer may show.
  function addressOf(source) {
    if (source.tagName === "IMG") {
      var src = source.getAttribute("src");
      if (!src || source.hidden) { return null; }
      if (src.indexOf("blob:") === 0) { return source.classList.contains("revealed") ? src : null; }
      return blurredPath(src);
    }
    return blurredPath(source.getAttribute("href"));
  }

  function blurredPath(address) {
    if (!address) { return null; }
    var url = new URL(address, window.location.href);
    if (url.origin !== window.location.origin || url.search || url.hash) { return null; }
    return BLURRED_PATH.test(url.pathname) ? url.pathname : null;
  }

  // A page screenshot is read: it fits the width and scrolls. A picture fits the screen.
  function fitScale() {
    var img = part("img");
    var stage = part("stage");
    var width = img.naturalWidth || 1;
    var height = img.naturalHeight || 1;
    var byWidth = stage.clientWidth / width;
    return state.byWidth ? byWidth : Math.min(byWidth, stage.clientHeight / height);
  }

  function setScale(scale, fitted) {
    var img = part("img");
    var stage = part("stage");
    if (!img.naturalWidth) { return; }
    var fit = fitScale();
    scale = Math.max(fit * MIN_OF_FIT, Math.min(Math.max(MAX_SCALE, fit * MAX_SCALE), scale));
    // Keep the point in the middle of the screen where it was.
    var oldWidth = img.width || 1;
    var oldHeight = img.height || 1;
    var centreX = (stage.scrollLeft + stage.clientWidth / 2) / oldWidth;
    var centreY = (stage.scrollTop + stage.clientHeight / 2) / oldHeight;
    img.width = Math.max(1, Math.round(img.naturalWidth * scale));
    stage.scrollLeft = centreX * img.width - stage.clientWidth / 2;
    stage.scrollTop = fitted ? 0 : centreY * img.height - stage.clientHeight / 2;
    state.scale = scale;
    state.fitted = fitted;
    part("scale").textContent = Math.round(scale * 100) + "%";
  }

  function fit() { setScale(fitScale(), true); }
  function zoom(factor) { setScale(state.scale * factor, false); }

  function open(source) {
    var address = addressOf(source);
    if (!address || !viewer || viewer.open) { return false; }
    var original = address.indexOf("blob:") === 0;
    var img = part("img");
    state.byWidth = SCREENSHOT_PATH.test(address);
    state.trigger = source;
    viewer.classList.toggle("showing-original", original);
    part("original").hidden = !original;
    part("blurred-title").hidden = original;
    img.removeAttribute("width");
    img.onload = fit;
    img.setAttribute("src", address);
    viewer.showModal();
    part("stage").focus();
    if (img.complete && img.naturalWidth) { fit(); }
    return true;
  }

  function close() {
    if (!viewer || !viewer.open) { return; }
    viewer.close();
  }

  // Closing forgets the picture (a revealed original's blob is not kept alive by the viewer).
  // The dialog's "close" event comes as a later task: if the viewer was opened again in
  // between, the picture now showing is not the one to forget.
  function forget() {
    if (viewer.open) { return; }
    var img = part("img");
    img.onload = null;
    img.removeAttribute("src");
    img.removeAttribute("width");
    viewer.classList.remove("showing-original");
    part("original").hidden = true;
    var trigger = state.trigger;
    state.trigger = null;
    if (trigger && document.contains(trigger) && trigger.focus) { trigger.focus(); }
  }

  // While the viewer is open it owns the keyboard: review.js's c/d/e/j/k never act behind it.
  // Runs in the capture phase, before review.js's listener; when closed it only opens.
  function onKey(event) {
    if (!viewer.open) {
      var target = event.target;
      if ((event.key === "Enter" || event.key === " ") && target.matches &&
          target.matches("img[data-viewable]") && open(target)) {
        event.preventDefault();
        event.stopPropagation();
      }
      return;
    }
    if (event.key === "Tab") { return; }
    event.stopPropagation();
    if (event.ctrlKey || event.metaKey || event.altKey) { return; } // the browser's own zoom
    var actions = {
      "+": function () { zoom(ZOOM_STEP); },
      "=": function () { zoom(ZOOM_STEP); },
      "-": function () { zoom(1 / ZOOM_STEP); },
      "_": function () { zoom(1 / ZOOM_STEP); },
      "0": fit,
      "Escape": close
    };
    var action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  }

  function onClick(event) {
    var target = event.target;
    if (viewer.open) {
      var button = target.closest("button");
      if (!button || !viewer.contains(button)) { return; }
      var how = button.getAttribute("data-viewer-zoom");
      if (how === "in") { zoom(ZOOM_STEP); }
      else if (how === "out") { zoom(1 / ZOOM_STEP); }
      else if (how === "fit") { fit(); }
      else if (button.hasAttribute("data-viewer-close")) { close(); }
      return;
    }
    var picture = target.closest("img[data-viewable]");
    // Every link to a blurred copy (the captures table, the account page's timeline).
    var link = target.closest("a[href]");
    // A link keeps its own meaning for a new tab (ctrl, shift, middle click).
    var plain = event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey;
    if ((picture || (link && plain)) && open(picture || link)) { event.preventDefault(); }
  }

  function onDoubleClick(event) {
    if (!viewer.open || !event.target.closest("[data-viewer-img]")) { return; }
    if (state.fitted) { zoom(ZOOM_STEP * ZOOM_STEP * ZOOM_STEP); } else { fit(); }
  }

  // Two fingers zoom; one finger scrolls the stage as usual (touch-action in media.css).
  function distance(touches) {
    return Math.hypot(touches[0].clientX - touches[1].clientX, touches[0].clientY - touches[1].clientY);
  }
  function onTouchStart(event) {
    if (event.touches.length === 2) { state.pinch = { from: distance(event.touches), scale: state.scale }; }
  }
  function onTouchMove(event) {
    if (state.pinch && event.touches.length === 2) {
      setScale(state.pinch.scale * distance(event.touches) / state.pinch.from, false);
    }
  }
  function onTouchEnd(event) {
    if (event.touches.length < 2) { state.pinch = null; }
  }

  // A mouse drags the zoomed picture around (touch scrolls the stage by itself).
  function onPointerDown(event) {
    if (event.pointerType !== "mouse" || event.button !== 0) { return; }
    var stage = part("stage");
    state.drag = { x: event.clientX, y: event.clientY, left: stage.scrollLeft, top: stage.scrollTop };
    stage.classList.add("dragging");
    event.preventDefault(); // no native image drag
  }
  function onPointerMove(event) {
    if (!state.drag) { return; }
    var stage = part("stage");
    stage.scrollLeft = state.drag.left - (event.clientX - state.drag.x);
    stage.scrollTop = state.drag.top - (event.clientY - state.drag.y);
  }
  function onPointerUp() {
    state.drag = null;
    part("stage").classList.remove("dragging");
  }

  document.addEventListener("DOMContentLoaded", function () {
    viewer = document.querySelector("dialog[data-viewer]");
    if (!viewer) { return; }
    document.addEventListener("keydown", onKey, true);
    document.addEventListener("click", onClick);
    viewer.addEventListener("dblclick", onDoubleClick);
    viewer.addEventListener("close", forget);
    var stage = part("stage");
    stage.addEventListener("touchstart", onTouchStart, { passive: true });
    stage.addEventListener("touchmove", onTouchMove, { passive: true });
    stage.addEventListener("touchend", onTouchEnd, { passive: true });
    stage.addEventListener("pointerdown", onPointerDown);
    window.addEventListener("pointermove", onPointerMove);
    window.addEventListener("pointerup", onPointerUp);
    window.addEventListener("resize", function () { if (viewer.open && state.fitted) { fit(); } });
    // Leaving the page closes the viewer, so no revealed picture is left in it.
    window.addEventListener("pagehide", close);
  });
})();
