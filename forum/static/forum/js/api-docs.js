// Swagger UI's own markup (the API's documentation), mended for assistive technology as
// it renders: its code examples scroll, so they take the keyboard's focus; its selects
// (a parameter's values) are named after their parameter.
new MutationObserver(() => {
  for (const example of document.querySelectorAll(".swagger-ui .microlight:not([tabindex])")) {
    example.tabIndex = 0;
  }
  for (const select of document.querySelectorAll(".swagger-ui select:not([aria-label])")) {
    const row = select.closest("[data-param-name]");
    if (row) select.setAttribute("aria-label", row.dataset.paramName);
  }
}).observe(document.body, { childList: true, subtree: true });
