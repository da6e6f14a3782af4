// Swagger UI over the document WildFly generates from the resources' annotations. "Authorize"
// takes a bearer token; it stays in this page's memory.
window.ui = SwaggerUIBundle({
  url: "/openapi?format=JSON",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: false,
  tryItOutEnabled: false
});
