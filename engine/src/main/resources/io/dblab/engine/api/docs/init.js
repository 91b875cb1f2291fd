// Loads the engine's own OpenAPI document; "Authorize" takes the Verification-Token.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/api-doc", dom_id: "#swagger-ui", deepLinking: true });
});
