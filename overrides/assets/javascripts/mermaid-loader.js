/*
 * Self-hosted Mermaid, loaded only on pages that have a diagram.
 *
 * Material renders ```mermaid blocks by calling mermaid.initialize() and
 * mermaid.render(), and fetches Mermaid from unpkg.com when no global
 * `mermaid` exists. This file defines a small stand-in with the same two
 * functions: the first render() loads the copy in vendor/mermaid/ (kept with
 * its license; see scripts/update-mermaid.sh), hands it the configuration
 * Material passed to initialize(), and from then on the real library answers.
 * Pages without diagrams never download it, and a page downloads it only
 * when a diagram comes near the screen: Mermaid is about 1 MB of JavaScript
 * that a phone spends a second or more compiling.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var source = new URL("vendor/mermaid/mermaid.min.js", script.src).href;
  var config = null;
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = source;
        tag.onload = function () {
          var real = window.mermaid;
          if (config) real.initialize(config);
          resolve(real);
        };
        tag.onerror = function () {
          reject(new Error("Could not load " + source));
        };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  // Resolves when the diagram with source TEXT (Material's <pre class="mermaid">)
  // is within 200 px of the viewport; at once if it cannot be found.
  function nearScreen(text) {
    var pending = Array.prototype.filter.call(document.querySelectorAll("pre.mermaid"), function (element) {
      return element.textContent === text;
    })[0];
    if (!pending || !("IntersectionObserver" in window)) return Promise.resolve();
    return new Promise(function (resolve) {
      var observer = new IntersectionObserver(
        function (entries) {
          if (entries.some(function (entry) { return entry.isIntersecting; })) {
            observer.disconnect();
            resolve();
          }
        },
        { rootMargin: "200px 0px" }
      );
      observer.observe(pending);
    });
  }

  // Mermaid scales a diagram down to the column's width: on a phone a wide
  // flowchart's labels shrink to a few pixels. Keep it at least MIN_WIDTH
  // pixels wide (or its natural width, if smaller); the stylesheet lets the
  // diagram's box scroll sideways instead.
  var MIN_WIDTH = 600; // narrower than the content column on a laptop screen
  function readable(result) {
    // A box that scrolls must take keyboard focus to be scrolled without a
    // mouse; Material puts the drawn diagram in a new div.mermaid right after
    // render() resolves.
    setTimeout(function () {
      document.querySelectorAll("div.mermaid:not([tabindex])").forEach(function (box) {
        box.tabIndex = 0;
      });
    }, 0);
    result.svg = result.svg.replace(/max-width:\s*([\d.]+)px;?/, function (match, width) {
      return match.replace(/;?$/, ";") + " min-width: " + Math.min(parseFloat(width), MIN_WIDTH) + "px;";
    });
    return result;
  }

  window.mermaid = {
    initialize: function (options) {
      config = options;
    },
    render: function (id, text) {
      return nearScreen(text).then(load).then(function (real) {
        return real.render(id, text).then(readable);
      });
    }
  };
})();
