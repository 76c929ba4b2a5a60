/*
 * Suggestions while typing in the document search: the search field becomes a combobox
 * (WAI-ARIA 1.2, with a listbox) offering documents, symbols, sessions and people from
 * the site's own endpoint (documents/suggestions.py). Without this script the field is
 * the plain search field it was, and the form works as before.
 *
 * The script holds no words: what it says comes from the page (the data-suggest-*
 * attributes of templates/includes/filter_form.html) or from the endpoint, in the page's
 * language.
 */
"use strict";

(() => {
  const DELAY = 150; // ms of quiet typing before asking
  const MIN_LENGTH = 2;
  const MAX_LENGTH = 100;

  function enhance(wrapper) {
    const input = wrapper.querySelector("input");
    const endpoint = wrapper.dataset.suggest;
    if (!input || !input.id || !endpoint || !window.fetch || !window.AbortController) {
      return;
    }
    const listbox = document.createElement("ul");
    const status = document.createElement("div");
    let options = [];
    let active = -1;
    let timer = null;
    let pending = null;
    let shown = "";

    listbox.id = `${input.id}-suggestions`;
    listbox.className = "suggest__list";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", wrapper.dataset.suggestLabel || "");
    listbox.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.append(listbox, status);

    // A search field may not be a combobox (ARIA in HTML): a text field, keeping the
    // search key of on-screen keyboards and, below, the Escape that empties it.
    input.type = "text";
    input.setAttribute("enterkeyhint", "search");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    const isOpen = () => !listbox.hidden;

    function choose(index) {
      if (options[active]) {
        options[active].setAttribute("aria-selected", "false");
      }
      active = index;
      const option = options[index];
      if (!option) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }

    function open() {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      choose(-1);
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function announce(count) {
      const message = wrapper.getAttribute(count ? `data-suggest-${count}` : "data-suggest-none");
      status.textContent = message || "";
    }

    function follow(index) {
      const url = options[index] && options[index].dataset.url;
      // Only a path of this site: the endpoint gives nothing else.
      if (url && url.startsWith("/") && !url.startsWith("//")) {
        window.location.assign(url);
      }
    }

    function option(suggestion, index) {
      const item = document.createElement("li");
      const text = document.createElement("span");
      item.id = `${listbox.id}-${index}`;
      item.className = `suggest__option suggest__option--${suggestion.kind}`;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.url = suggestion.url;
      text.className = "suggest__label";
      text.textContent = suggestion.label;
      if (suggestion.lang && suggestion.lang !== document.documentElement.lang) {
        text.lang = suggestion.lang;
      }
      item.append(text);
      if (suggestion.detail) {
        const detail = document.createElement("span");
        detail.className = "suggest__detail";
        detail.textContent = suggestion.detail;
        item.append(detail);
      }
      return item;
    }

    function show(text, suggestions) {
      choose(-1);
      shown = text;
      options = suggestions.map(option);
      listbox.replaceChildren(...options);
      if (document.activeElement !== input) {
        close();
        return;
      }
      if (options.length) {
        open();
      } else {
        close();
      }
      announce(options.length);
    }

    function cancel() {
      window.clearTimeout(timer);
      if (pending) {
        pending.abort();
        pending = null;
      }
    }

    async function fetchSuggestions(text, controller) {
      try {
        const response = await fetch(`${endpoint}?${new URLSearchParams({ q: text })}`, {
          headers: { Accept: "application/json" },
          signal: controller.signal,
        });
        if (!response.ok) {
          throw new Error(`${response.status}`);
        }
        const data = await response.json();
        if (pending === controller) {
          show(text, Array.isArray(data.suggestions) ? data.suggestions : []);
        }
      } catch (error) {
        // Aborted by newer typing, throttled or offline: the field works as before.
        if (pending === controller) {
          close();
        }
      } finally {
        if (pending === controller) {
          pending = null;
        }
      }
    }

    function changed() {
      const text = input.value.trim();
      cancel();
      if (text.length < MIN_LENGTH || text.length > MAX_LENGTH) {
        shown = "";
        options = [];
        listbox.replaceChildren();
        close();
        status.textContent = "";
        return;
      }
      if (text === shown) {
        return;
      }
      timer = window.setTimeout(() => {
        pending = new AbortController();
        fetchSuggestions(text, pending);
      }, DELAY);
    }

    input.addEventListener("input", (event) => {
      if (!event.isComposing) {
        changed();
      }
    });
    input.addEventListener("compositionend", changed);

    input.addEventListener("keydown", (event) => {
      const last = options.length - 1;
      switch (event.key) {
        case "ArrowDown":
        case "ArrowUp":
          if (!options.length || event.altKey) {
            return;
          }
          event.preventDefault();
          if (!isOpen()) {
            open();
            choose(event.key === "ArrowDown" ? 0 : last);
          } else if (event.key === "ArrowDown") {
            choose(active >= last ? 0 : active + 1);
          } else {
            choose(active <= 0 ? last : active - 1);
          }
          break;
        case "Home":
        case "End":
          // In the list once an option is chosen; in the text otherwise.
          if (isOpen() && active >= 0) {
            event.preventDefault();
            choose(event.key === "Home" ? 0 : last);
          }
          break;
        case "Enter":
          if (isOpen() && active >= 0) {
            event.preventDefault();
            follow(active);
          }
          break;
        case "Escape":
          // The first closes the list; the next empties the field.
          if (isOpen()) {
            event.preventDefault();
            cancel();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            changed();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", close);
    // A click on an option leaves the focus in the field.
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => {
      const item = event.target.closest('[role="option"]');
      if (item) {
        follow(options.indexOf(item));
      }
    });
    document.addEventListener("pointerdown", (event) => {
      if (!wrapper.contains(event.target)) {
        close();
      }
    });
    // Back from a suggestion's page (the back-forward cache keeps this one as it was).
    window.addEventListener("pageshow", close);
  }

  document.querySelectorAll("[data-suggest]").forEach(enhance);
})();
