// Asks before leaving a change form with unsaved changes (the browser's own dialog: its
// text is the browser's, in the browser's language). Typing, choosing or editing a
// formatted text marks the form changed; submitting it (any save button) does not ask.
(function () {
  "use strict";

  function changeForm() {
    if (!document.body.classList.contains("change-form")) return null;
    var main = document.getElementById("content-main");
    return main && main.querySelector("form[method=post], form[method=POST]");
  }

  function start() {
    var form = changeForm();
    if (!form) return;
    var changed = false;
    var submitting = false;

    function mark(event) {
      var target = event.target;
      // The language switch and other controls without a name are not the item's data.
      if (target && (target.name || target.isContentEditable)) changed = true;
    }

    form.addEventListener("input", mark, true);
    form.addEventListener("change", mark, true);
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (!changed || submitting) return undefined;
      event.preventDefault();
      event.returnValue = ""; // older browsers need a value to ask
      return "";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
