// The API's documentation (templates/api/documentation.html): Swagger UI reading the
// schema named on its element. Read-only and anonymous, the API needs no credentials: no
// cookie, no CSRF token. No deep links: Swagger UI puts them inside its buttons, a control
// within a control. No validator: nothing is fetched from another host.
const element = document.getElementById("swagger-ui");
SwaggerUIBundle({
  url: element.dataset.schemaUrl,
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  deepLinking: false,
  validatorUrl: null,
});

// Swagger UI's own markup, mended for assistive technology as it renders: its code
// examples scroll, so they take the keyboard's focus; its selects (a parameter's values)
// are named after their parameter.
new MutationObserver(() => {
  for (const example of document.querySelectorAll(".swagger-ui .microlight:not([tabindex])")) {
    example.tabIndex = 0;
  }
  for (const select of document.querySelectorAll(".swagger-ui select:not([aria-label])")) {
    const row = select.closest("[data-param-name]");
    if (row) select.setAttribute("aria-label", row.dataset.paramName);
  }
}).observe(element, { childList: true, subtree: true });
