/*
 * Progress checklists, kept in this browser only (no account, no server).
 *
 * Every task list on the site ("- [ ] ..." in Markdown) becomes tickable.
 * Each item has a key: the item's own id when the Markdown gives it one
 * (`{ #ready-1-python-module }` on the line after the item), otherwise the
 * page's path plus a hash of the item's text, so that editing one item
 * never moves another's tick. Ticked keys live in localStorage through
 * Material's __md_get/__md_set, scoped to the site's base path.
 *
 * A page may hold a toolbar placeholder, <div data-progress-toolbar hidden>:
 * it becomes a per-section summary with Export, Import and Reset. Without
 * JavaScript the placeholder stays hidden and extra.css shows the task lists
 * as plain bulleted lists.
 *
 * The code runs on every page view, including Material's instant
 * navigation, through document$.subscribe.
 */
(function () {
  "use strict";
  var STORE = "progress";
  var FORMAT = "ml-engineer-handbook-progress";
  var VERSION = 1;
  var MAX_IMPORT_BYTES = 1000000;
  var MAX_KEY_LENGTH = 300;

  function loadTicked() {
    var stored = null;
    try {
      stored = __md_get(STORE);
    } catch (error) {
      stored = null; // unreadable JSON or storage disabled: start empty
    }
    var valid = Array.isArray(stored) ? stored.filter(isKey) : [];
    return new Set(valid);
  }

  function saveTicked(ticked) {
    __md_set(STORE, Array.from(ticked).sort());
  }

  function isKey(value) {
    return typeof value === "string" && value.length > 0 && value.length <= MAX_KEY_LENGTH;
  }

  /* The item's own text: without its checkbox and without nested lists. */
  function itemText(item) {
    var copy = item.cloneNode(true);
    copy.querySelectorAll("ul, ol, .task-list-control").forEach(function (node) {
      node.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function pagePath() {
    var path = decodeURI(location.pathname).replace(/index\.html$/, "");
    var scope = decodeURI(__md_scope.pathname);
    return path.indexOf(scope) === 0 ? path.slice(scope.length) : path;
  }

  function itemKey(item, path) {
    if (item.id) return item.id;
    return path + "#" + (__md_hash(itemText(item)) >>> 0).toString(36);
  }

  /* Checkbox, key and heading of every task-list item in the article. */
  function collectItems(article) {
    var path = pagePath();
    var found = [];
    article.querySelectorAll("li.task-list-item").forEach(function (item) {
      var box = item.querySelector(":scope > .task-list-control > input[type=checkbox], :scope > p > .task-list-control > input[type=checkbox]");
      if (!box) return;
      found.push({ item: item, box: box, key: itemKey(item, path), list: item.parentElement });
    });
    return found;
  }

  /* The h2 (or h1) a list sits under: the group the toolbar reports on. */
  function sectionHeading(list) {
    var node = list;
    while (node && node.parentElement && !node.parentElement.matches("article, .md-content__inner")) {
      node = node.parentElement;
    }
    for (var sibling = node; sibling; sibling = sibling.previousElementSibling) {
      if (sibling.matches("h2, h1")) return sibling;
    }
    return null;
  }

  function headingText(heading) {
    var copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (node) {
      node.remove();
    });
    return copy.textContent.trim();
  }

  function countText(done, total) {
    return done + " of " + total + " ticked";
  }

  function meter(done, total) {
    var bar = document.createElement("progress");
    bar.max = total;
    bar.value = done;
    bar.setAttribute("aria-hidden", "true"); // the text next to it says the same
    return bar;
  }

  function setMeter(container, done, total) {
    var bar = container.querySelector("progress");
    bar.max = total;
    bar.value = done;
    container.querySelector(".progress-count__text").textContent = countText(done, total);
  }

  function makeCount(done, total) {
    var line = document.createElement("p");
    line.className = "progress-count";
    var text = document.createElement("span");
    text.className = "progress-count__text";
    line.append(meter(done, total), " ", text);
    setMeter(line, done, total);
    return line;
  }

  function button(label, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "md-button";
    element.textContent = label;
    element.addEventListener("click", action);
    return element;
  }

  function exportFile(ticked) {
    var data = { format: FORMAT, version: VERSION, exported: new Date().toISOString(), ticked: Array.from(ticked).sort() };
    var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "ml-handbook-progress-" + data.exported.slice(0, 10) + ".json";
    // Keep Material's instant navigation, which listens for clicks on links, out of it.
    link.addEventListener("click", function (event) {
      event.stopPropagation();
    });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
    }, 1000);
  }

  /* The ticked keys in an exported file, or an Error saying what is wrong. */
  function parseExport(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return new Error("That file is not valid JSON, so nothing was imported.");
    }
    if (!data || typeof data !== "object" || data.format !== FORMAT) {
      return new Error("That file is not a progress export from this handbook (its \"format\" is not \"" + FORMAT + "\"), so nothing was imported.");
    }
    if (data.version !== VERSION) {
      return new Error("That file has version " + JSON.stringify(data.version) + "; this site reads version " + VERSION + ". Nothing was imported.");
    }
    if (!Array.isArray(data.ticked) || !data.ticked.every(isKey)) {
      return new Error("That file's \"ticked\" is not a list of item keys, so nothing was imported.");
    }
    return data.ticked;
  }

  function setup(article) {
    var items = collectItems(article);
    var placeholders = article.querySelectorAll("[data-progress-toolbar]");
    if (!items.length && !placeholders.length) return;
    var ticked = loadTicked();

    /* One count above each top-level task list. */
    var lists = [];
    items.forEach(function (entry) {
      if (lists.indexOf(entry.list) < 0) lists.push(entry.list);
    });
    var counts = lists.map(function (list) {
      var line = makeCount(0, 0);
      list.before(line);
      return line;
    });

    var summary = null;
    var status = null;
    placeholders.forEach(function (placeholder, index) {
      if (index > 0) return; // one toolbar per page
      var parts = buildToolbar(placeholder, lists);
      summary = parts.summary;
      status = parts.status;
    });

    function render() {
      items.forEach(function (entry) {
        entry.box.checked = ticked.has(entry.key);
      });
      lists.forEach(function (list, index) {
        var inList = items.filter(function (entry) {
          return entry.list === list;
        });
        var done = inList.filter(function (entry) {
          return entry.box.checked;
        }).length;
        setMeter(counts[index], done, inList.length);
        if (summary) setMeter(summary.rows[index], done, inList.length);
      });
      if (summary) {
        summary.total.textContent =
          ticked.size === 1 ? "1 item ticked across the handbook." : ticked.size + " items ticked across the handbook.";
      }
    }

    items.forEach(function (entry) {
      entry.box.disabled = false;
      entry.box.setAttribute("aria-label", itemText(entry.item));
      entry.box.addEventListener("change", function () {
        ticked = loadTicked(); // another tab may have changed it
        if (entry.box.checked) ticked.add(entry.key);
        else ticked.delete(entry.key);
        saveTicked(ticked);
        render();
      });
    });

    function say(message, isError) {
      if (!status) return;
      status.textContent = message;
      status.classList.toggle("progress-toolbar__status--error", Boolean(isError));
    }

    function buildToolbar(placeholder, sectionLists) {
      placeholder.className = "progress-toolbar";
      placeholder.setAttribute("role", "region");
      placeholder.setAttribute("aria-label", "Your progress");
      var title = document.createElement("p");
      title.className = "progress-toolbar__title";
      title.textContent = "Your progress";
      var note = document.createElement("p");
      note.textContent =
        "Ticks are saved in this browser only. Export them to a file to keep a copy or to move them to another browser.";
      var rows = [];
      var list = document.createElement("ul");
      list.className = "progress-summary";
      sectionLists.forEach(function (sectionList) {
        var heading = sectionHeading(sectionList);
        var row = document.createElement("li");
        var label;
        if (heading && heading.id) {
          label = document.createElement("a");
          label.href = "#" + heading.id;
        } else {
          label = document.createElement("span");
        }
        label.className = "progress-summary__name";
        label.textContent = heading ? headingText(heading) : "Checklist " + (rows.length + 1);
        var count = makeCount(0, 0);
        count.className = "progress-count progress-summary__count";
        row.append(label, count);
        list.append(row);
        rows.push(count);
      });
      var total = document.createElement("p");
      total.className = "progress-summary__total";
      var actions = document.createElement("div");
      actions.className = "progress-toolbar__actions";
      var picker = document.createElement("input");
      picker.type = "file";
      picker.accept = ".json,application/json";
      picker.hidden = true;
      picker.setAttribute("aria-label", "Progress file to import");
      picker.addEventListener("change", function () {
        var file = picker.files && picker.files[0];
        picker.value = "";
        if (!file) return;
        if (file.size > MAX_IMPORT_BYTES) {
          say("That file is larger than 1 MB, so it is not a progress export. Nothing was imported.", true);
          return;
        }
        file.text().then(function (text) {
          var result = parseExport(text);
          if (result instanceof Error) {
            say(result.message, true);
            return;
          }
          ticked = new Set(result);
          saveTicked(ticked);
          render();
          say("Imported " + result.length + (result.length === 1 ? " ticked item." : " ticked items."), false);
        });
      });
      actions.append(
        button("Export", function () {
          ticked = loadTicked();
          exportFile(ticked);
          say("Exported " + ticked.size + (ticked.size === 1 ? " ticked item." : " ticked items."), false);
        }),
        button("Import", function () {
          picker.click();
        }),
        button("Reset", function () {
          ticked = loadTicked();
          var question =
            "Untick all " + ticked.size + " items on every page of the handbook? Export first if you want to keep a copy.";
          if (!window.confirm(question)) return;
          ticked = new Set();
          saveTicked(ticked);
          render();
          say("All ticks cleared.", false);
        }),
        picker
      );
      var live = document.createElement("p");
      live.className = "progress-toolbar__status";
      live.setAttribute("role", "status");
      placeholder.replaceChildren(title, note, list, total, actions, live);
      placeholder.hidden = false;
      return { summary: { rows: rows, total: total }, status: live };
    }

    render();
    /* A tick in another tab shows up here too. */
    window.addEventListener("storage", function listener() {
      if (!article.isConnected) {
        window.removeEventListener("storage", listener);
        return;
      }
      ticked = loadTicked();
      render();
    });
  }

  document$.subscribe(function () {
    var article = document.querySelector(".md-content article") || document.querySelector(".md-content");
    if (article) setup(article);
  });
})();
