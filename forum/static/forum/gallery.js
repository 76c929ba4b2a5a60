/*
 * A session's photographs, one at a time in a dialog. Without this script each thumbnail
 * is a link to the photograph's largest size; with it, the link opens the dialog: the arrow
 * keys or the buttons move to the previous or next photograph, Esc or "Close" (or a tap
 * beside the photograph) closes it, and focus goes back to the thumbnail of the photograph
 * last shown, so that the reader goes on from there.
 *
 * The script holds no words: they come from the page (templates/forum/session_detail.html).
 */
"use strict";

(() => {
  function enhance(gallery) {
    const dialog = gallery.querySelector("dialog");
    if (!dialog || typeof dialog.showModal !== "function") {
      return; // an old browser follows the links
    }
    const links = [...gallery.querySelectorAll(".gallery__link")];
    const frame = dialog.querySelector(".lightbox__frame");
    const caption = dialog.querySelector(".lightbox__caption");
    const count = dialog.querySelector(".lightbox__count");
    let current = 0;

    function show(index) {
      current = (index + links.length) % links.length;
      const link = links[current];
      const thumbnail = link.querySelector("img");
      const image = document.createElement("img");
      image.alt = thumbnail.alt;
      image.width = Number(link.dataset.width);
      image.height = Number(link.dataset.height);
      image.sizes = "(min-width: 1600px) 1600px, 100vw";
      image.srcset = thumbnail.srcset;
      image.src = link.href;
      frame.replaceChildren(image);
      const text = link.parentElement.querySelector("figcaption");
      caption.textContent = text ? text.textContent : "";
      caption.lang = text ? text.lang : "";
      caption.hidden = !text;
      count.textContent = dialog.dataset.counter
        .replace("{number}", String(current + 1))
        .replace("{count}", String(links.length));
    }

    links.forEach((link, index) => {
      link.addEventListener("click", (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
          return; // a new tab or window, as the reader asked
        }
        event.preventDefault();
        show(index);
        dialog.showModal();
      });
    });
    for (const button of dialog.querySelectorAll("[data-step]")) {
      button.hidden = links.length < 2;
      button.addEventListener("click", () => show(current + Number(button.dataset.step)));
    }
    dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close());
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        event.preventDefault();
        show(current + (event.key === "ArrowRight" ? 1 : -1));
      }
    });
    dialog.addEventListener("click", (event) => {
      if (event.target === dialog) {
        dialog.close(); // the backdrop, beside the photograph
      }
    });
    dialog.addEventListener("close", () => {
      frame.replaceChildren();
      links[current].focus();
    });
  }

  document.querySelectorAll("[data-gallery]").forEach(enhance);
})();
