/*
 * Self-hosted Mermaid, loaded only on pages that have a diagram.
 *
 * Material renders ```mermaid blocks by calling mermaid.initialize() and
 * mermaid.render(), and fetches Mermaid from unpkg.com when no global
 * `mermaid` exists. This file defines a small stand-in with the same two
 * functions: the first render() loads the copy in vendor/mermaid/ (kept with
 * its license; see scripts/update-mermaid.sh), hands it the configuration
 * Material passed to initialize(), and from then on the real library answers.
 * Pages without diagrams never download it.
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

  window.mermaid = {
    initialize: function (options) {
      config = options;
    },
    render: function (id, text) {
      return load().then(function (real) {
        return real.render(id, text);
      });
    }
  };
})();
