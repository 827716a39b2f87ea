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

  window.mermaid = {
    initialize: function (options) {
      config = options;
    },
    render: function (id, text) {
      return nearScreen(text).then(load).then(function (real) {
        return real.render(id, text);
      });
    }
  };
})();
