/*
 * Two accessibility fixes to markup that Material's JavaScript makes or
 * that depends on the window's width. Both run on every page load, instant
 * navigation included (document$).
 *
 * 1. Content that scrolls sideways takes focus. A table, a notebook output
 *    (a wide table, a long line of text) or a display formula wider than the
 *    column scrolls inside its box, and someone without a mouse can only scroll a
 *    box that takes focus (WCAG 2.1.1; axe: scrollable-region-focusable). A
 *    box that overflows gets tabindex="0", as Material does for code blocks;
 *    boxes that fit get none, so Tab does not stop at every output. Checked
 *    again when the window resizes.
 *
 * 2. The copy button's container is not a landmark. Material wraps each code
 *    block's buttons in a <nav> without a name, so a page with two code blocks
 *    had several identical navigation landmarks (axe: landmark-unique) that
 *    lead nowhere. role="none" keeps the buttons and drops the landmark.
 */
(function () {
  "use strict";
  var SCROLLERS = ".md-typeset__scrollwrap, .md-typeset .nb-output, .md-typeset .math-display";

  function markScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }

  var pending = null;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(markScrollers);
  });

  document$.subscribe(function () {
    markScrollers();
    document.querySelectorAll(".md-code__nav").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
  });
})();
