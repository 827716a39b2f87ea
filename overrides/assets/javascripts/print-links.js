/*
 * Mark the links that leave the handbook, so that print.css can spell out
 * their address on paper. CSS alone cannot tell them apart: with instant
 * navigation, Material rewrites every internal link to an absolute http URL.
 */
document$.subscribe(function () {
  document.querySelectorAll(".md-content a[href]").forEach(function (link) {
    if (/^https?:$/.test(link.protocol) && link.host !== location.host) {
      link.setAttribute("data-external", "");
    }
  });
});
