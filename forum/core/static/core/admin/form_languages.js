// The change form's one language switch (forum/core/templates/admin/content_change_form.html).
//
// Choosing a language shows every translated field in it at once, and hides the others
// (they are still sent when saving). The choice is remembered per model for the browser
// tab (sessionStorage); "?language=ru" or "#language-ru" in the address choose it too.
// Beside each field being translated, the original language's text is shown, read-only.
// Tabs say which languages are not filled in (live) or out of date (from the server).
// Summaries get a character counter. Without this script every language shows.
(function () {
  "use strict";

  var FIELD_CLASS = /^mt-field-(.+)-([a-z]{2,3}(?:_[a-z0-9]+)?)$/;

  function translated(form, names, languages) {
    // Each translated field's box in each language (its widget's, or its read-only row's,
    // or its column's head in an inline table), to show or hide.
    var fields = [];
    var seen = [];
    function add(item) {
      if (!item.box || seen.indexOf(item.box) !== -1) return;
      seen.push(item.box);
      item.main = !item.box.closest(".inline-group");
      fields.push(item);
    }
    form.querySelectorAll(".mt").forEach(function (element) {
      var match = null;
      element.classList.forEach(function (cls) {
        match = match || cls.match(FIELD_CLASS);
      });
      if (!match) return;
      add({
        element: element,
        field: match[1],
        language: match[2],
        box: element.closest("td") || element.closest(".fieldBox") || element.closest(".form-row"),
      });
    });
    names.forEach(function (field) {
      languages.forEach(function (language) {
        var column = CSS.escape(field + "_" + language);
        var boxes = form.querySelectorAll(
          ".fieldBox.field-" + column + ", .form-row.field-" + column + ", td.field-" + column +
            ", th.column-" + column
        );
        boxes.forEach(function (box) {
          // A row of several fields is shown or hidden field by field.
          if (box.matches(".form-row") && box.querySelector(".fieldBox")) return;
          add({ element: null, field: field, language: language, box: box });
        });
      });
    });
    return fields;
  }

  function isText(element) {
    return !!element && element.matches("textarea, input:not([type=checkbox]):not([type=radio]):not([type=hidden])");
  }

  function plainText(value) {
    // A formatted text (HTML) as readable text; the parsed document is inert.
    if (!/<[a-z][^>]*>/i.test(value)) return value;
    var body = new DOMParser().parseFromString(value, "text/html").body;
    body.querySelectorAll("br").forEach(function (br) {
      br.replaceWith("\n");
    });
    body.querySelectorAll("p, div, li, h1, h2, h3, h4, h5, h6, blockquote, tr").forEach(function (block) {
      block.append("\n\n");
    });
    return body.textContent.replace(/\n{3,}/g, "\n\n").trim();
  }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function setUp(root) {
    var form = root.closest("form");
    var tabs = Array.prototype.slice.call(root.querySelectorAll("[role=tab]"));
    var languages = tabs.map(function (tab) {
      return tab.dataset.language;
    });
    var names = {};
    tabs.forEach(function (tab) {
      names[tab.dataset.language] = tab.dataset.name;
    });
    var storageKey = "form-language:" + root.dataset.model;
    var originalSelect = form.querySelector("select[name=original_language]");
    var fieldNames = (root.dataset.fields || "").split(" ").filter(Boolean);
    var fields = translated(form, fieldNames, languages);
    var current = null;
    if (!fields.length) return;

    function original() {
      var code = originalSelect ? originalSelect.value : root.dataset.original;
      return languages.indexOf(code) === -1 ? "" : code;
    }

    function mainWidgets() {
      // field -> language -> widget, for the item's own fields (not its inline rows).
      var widgets = {};
      fields.forEach(function (item) {
        if (!item.main || !item.element) return;
        widgets[item.field] = widgets[item.field] || {};
        widgets[item.field][item.language] = item;
      });
      return widgets;
    }

    function renderOriginals() {
      form.querySelectorAll(".form-original").forEach(function (aside) {
        aside.parentNode.classList.remove("has-original");
        aside.remove();
      });
      var source = original();
      if (!source) return;
      var widgets = mainWidgets();
      Object.keys(widgets).forEach(function (field) {
        var from = widgets[field][source];
        if (!from || !isText(from.element)) return;
        Object.keys(widgets[field]).forEach(function (language) {
          var item = widgets[field][language];
          if (language === source || !item.box.classList.contains("form-row")) return;
          var aside = document.createElement("div");
          aside.className = "form-original";
          var heading = document.createElement("p");
          heading.className = "form-original-heading";
          heading.id = item.element.id + "_original";
          heading.textContent = format(root.dataset.textOriginal, { language: names[source] });
          var text = document.createElement("div");
          text.className = "form-original-text";
          text.lang = source;
          // Long texts scroll inside the box: it takes the keyboard focus to scroll too.
          text.tabIndex = 0;
          text.setAttribute("role", "region");
          // Named "Original (English) Title [ru]": one name per field.
          var label = item.box.querySelector("label");
          var named = [heading.id];
          if (label) {
            label.id = label.id || item.element.id + "_label";
            named.push(label.id);
          }
          text.setAttribute("aria-labelledby", named.join(" "));
          var fill = function () {
            var value = plainText(from.element.value || "");
            text.textContent = value || root.dataset.textOriginalEmpty;
            text.classList.toggle("is-empty", !value);
          };
          fill();
          from.element.addEventListener("input", fill);
          aside.append(heading, text);
          item.box.classList.add("has-original");
          item.box.append(aside);
        });
      });
    }

    function updateMarks() {
      // Not filled in: a text filled in some language and empty in this one (the rule of
      // the changelists' "missing languages" column, on what the form holds now).
      var widgets = mainWidgets();
      var missing = {};
      var errors = {};
      Object.keys(widgets).forEach(function (field) {
        var byLanguage = widgets[field];
        var texts = languages.filter(function (code) {
          return byLanguage[code] && isText(byLanguage[code].element);
        });
        var filled = texts.some(function (code) {
          return byLanguage[code].element.value.trim();
        });
        texts.forEach(function (code) {
          if (filled && !byLanguage[code].element.value.trim()) missing[code] = true;
        });
      });
      fields.forEach(function (item) {
        if (item.box.classList.contains("errors") || item.box.querySelector(".errorlist")) {
          errors[item.language] = true;
        }
      });
      tabs.forEach(function (tab) {
        var code = tab.dataset.language;
        tab.querySelector("[data-mark=missing]").hidden = !missing[code];
        tab.querySelector("[data-mark=errors]").hidden = !errors[code];
        tab.querySelector("[data-mark=original]").hidden = code !== original();
      });
      return errors;
    }

    function choose(language, remember) {
      current = language;
      fields.forEach(function (item) {
        var other = item.language !== language;
        item.box.classList.add("form-language-field");
        item.box.classList.toggle("form-language-other", other);
      });
      tabs.forEach(function (tab) {
        var selected = tab.dataset.language === language;
        tab.setAttribute("aria-selected", selected ? "true" : "false");
        tab.tabIndex = selected ? 0 : -1;
      });
      root.dataset.current = language;
      if (remember) {
        try {
          window.sessionStorage.setItem(storageKey, language);
        } catch (error) {
          // Storage refused (private mode): the choice lasts for this page only.
        }
      }
    }

    function follow(language) {
      // A language named in the address follows the choice, so a reload keeps it.
      var url = new URL(window.location.href);
      var changed = false;
      if (url.searchParams.has("language")) {
        url.searchParams.set("language", language);
        changed = true;
      }
      if (/^#language-/.test(url.hash)) {
        url.hash = "language-" + language;
        changed = true;
      }
      if (changed) window.history.replaceState(window.history.state, "", url.href);
    }

    function initial(errors) {
      var fromQuery = new URLSearchParams(window.location.search).get("language");
      var fromHash = (window.location.hash.match(/^#language-([a-z_-]+)$/) || [])[1];
      var stored = null;
      try {
        stored = window.sessionStorage.getItem(storageKey);
      } catch (error) {
        stored = null;
      }
      var page = (document.documentElement.lang || "").split("-")[0];
      var candidates = [fromQuery, fromHash, stored, page, languages[0]];
      var chosen = candidates.filter(function (code) {
        return languages.indexOf(code) !== -1;
      })[0];
      // A form sent back with mistakes opens where the first mistake is.
      var wrong = languages.filter(function (code) {
        return errors[code];
      });
      if (wrong.length && !errors[chosen]) chosen = wrong[0];
      return chosen;
    }

    function counters() {
      var counted = (root.dataset.counted || "").split(/\s*,\s*/);
      fields.forEach(function (item) {
        if (counted.indexOf(item.field) === -1 || !isText(item.element)) return;
        var element = item.element;
        var max = element.maxLength > 0 ? element.maxLength : null;
        var counter = document.createElement("div");
        counter.className = "form-counter help";
        counter.id = element.id + "_counter";
        counter.setAttribute("aria-live", "polite");
        var update = function () {
          var count = element.value.length;
          counter.textContent = max
            ? format(root.dataset.textCounterMax, { count: count, max: max })
            : format(root.dataset.textCounter, { count: count });
          counter.classList.toggle("is-over", max !== null && count > max);
        };
        update();
        element.addEventListener("input", update);
        var described = (element.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        element.setAttribute("aria-describedby", described.concat(counter.id).join(" "));
        var anchor = element.closest(".flex-container") || element;
        anchor.after(counter);
      });
    }

    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () {
        choose(tab.dataset.language, true);
        follow(tab.dataset.language);
      });
      tab.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight" || event.key === "ArrowDown") next = (index + 1) % tabs.length;
        if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = (index - 1 + tabs.length) % tabs.length;
        if (event.key === "Home") next = 0;
        if (event.key === "End") next = tabs.length - 1;
        if (next === null) return;
        event.preventDefault();
        choose(tabs[next].dataset.language, true);
        follow(tabs[next].dataset.language);
        tabs[next].focus();
      });
    });
    form.addEventListener("input", function (event) {
      if (event.target.classList && event.target.classList.contains("mt")) updateMarks();
    });
    if (originalSelect) {
      originalSelect.addEventListener("change", function () {
        renderOriginals();
        updateMarks();
      });
    }
    // Rows added to an inline are copies of its hidden template: they follow the switch.
    document.addEventListener("formset:added", function () {
      fields = translated(form, fieldNames, languages);
      choose(current, false);
    });

    renderOriginals();
    counters();
    choose(initial(updateMarks()), true);
    root.hidden = false;
    form.classList.add("has-form-languages");
  }

  function labelEditors(form) {
    // The formatted-text editor (django-prose-editor) writes into a hidden textarea: its
    // editable area takes the textarea's label, for screen readers and voice control.
    form.querySelectorAll(".prose-editor [contenteditable]").forEach(function (area) {
      if (area.hasAttribute("aria-labelledby") || area.hasAttribute("aria-label")) return;
      var textarea = area.closest(".prose-editor").querySelector("textarea");
      var label = textarea && textarea.id && form.querySelector('label[for="' + textarea.id + '"]');
      if (!label) return;
      label.id = label.id || textarea.id + "_label";
      area.setAttribute("aria-labelledby", label.id);
    });
  }

  function labelSearchBoxes(form) {
    // Django's autocomplete boxes (select2) are named after the value chosen, so an
    // empty one has no name: it takes its field's label first.
    form.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling;
      var combobox = box && box.querySelector("[role=combobox]");
      var label = select.id && form.querySelector('label[for="' + select.id + '"]');
      if (!combobox || !label) return;
      label.id = label.id || select.id + "_label";
      var names = (combobox.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
      if (names.indexOf(label.id) === -1) {
        combobox.setAttribute("aria-labelledby", [label.id].concat(names).join(" "));
      }
      var shown = box.querySelector(".select2-selection__rendered[role=textbox]");
      if (shown && !shown.hasAttribute("aria-labelledby")) {
        shown.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  function focusableScrolling(form) {
    // An inline's table scrolls sideways on a phone: the keyboard must reach it too.
    form.querySelectorAll(".inline-group").forEach(function (group) {
      if (group.hasAttribute("tabindex")) return;
      var heading = group.querySelector("h2[id]");
      group.tabIndex = 0;
      group.setAttribute("role", "region");
      if (heading) group.setAttribute("aria-labelledby", heading.id);
    });
  }

  function start() {
    document.querySelectorAll("[data-form-languages]").forEach(setUp);
    document.querySelectorAll("body.change-form #content-main form").forEach(function (form) {
      var label = function () {
        labelEditors(form);
        labelSearchBoxes(form);
      };
      label();
      focusableScrolling(form);
      // The editors and the search boxes may start after this script.
      new MutationObserver(label).observe(form, { childList: true, subtree: true });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
