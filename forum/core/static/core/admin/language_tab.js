// Opens the language tab named in the address: /admin/…/change/#language-az.
// The tabs and their main switch are built by django-modeltranslation on page load.
window.addEventListener("load", function () {
  var match = window.location.hash.match(/^#language-([a-z_-]+)$/);
  var select = document.getElementById("modeltranslation-main-switch");
  if (!match || !select) return;
  Array.prototype.forEach.call(select.options, function (option) {
    if (option.textContent.trim() === match[1]) {
      select.value = option.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
});
