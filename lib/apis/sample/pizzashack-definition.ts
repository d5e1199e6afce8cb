import "server-only";
/**
 * WSO2's PizzaShack sample as an OpenAPI 3.0 document: the sample deploy imports it through the
 * same path as any uploaded definition. Its backend is served by this product (pizzashack-backend.ts).
 */
const orderIdParameter = {
  name: "orderId",
  in: "path",
  required: true,
  description: "Order Id",
  schema: { type: "string" },
};

const orderBody = {
  description: "Order object that needs to be added",
  required: true,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Order" } } },
};

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

const orderResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Order" } } },
});

const extensions = { "x-auth-type": "Application & Application User", "x-throttling-tier": "Unlimited" };

export const PIZZASHACK_DEFINITION = {
  openapi: "3.0.3",
  info: {
    title: "PizzaShackAPI",
    version: "1.0.0",
    description:
      "This is a RESTFul API for Pizza Shack online pizza delivery store.\n\nOrder pizzas from the menu, follow an order, change it or cancel it.",
    contact: { name: "John Doe", email: "architecture@pizzashack.com", url: "http://www.pizzashack.com" },
    license: { name: "Apache 2.0", url: "http://www.apache.org/licenses/LICENSE-2.0.html" },
  },
  paths: {
    "/menu": {
      get: {
        summary: "Return a list of available menu items",
        description: "Return a list of available menu items",
        responses: {
          "200": {
            description: "OK. List of APIs is returned.",
            content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/MenuItem" } } } },
          },
        },
        ...extensions,
      },
    },
    "/order": {
      post: {
        summary: "Create a new Order",
        description: "Create a new Order",
        requestBody: orderBody,
        responses: { "201": orderResponse("Created. Successful response with the newly created object as entity in the body."), "400": errorResponse("Bad Request. Invalid request or validation error.") },
        ...extensions,
      },
    },
    "/order/{orderId}": {
      get: {
        summary: "Get details of an Order",
        description: "Get details of an Order",
        parameters: [orderIdParameter],
        responses: { "200": orderResponse("OK. The Order is returned."), "404": errorResponse("Not Found. Requested Order does not exist.") },
        ...extensions,
      },
      put: {
        summary: "Update an existing Order",
        description: "Update an existing Order",
        parameters: [orderIdParameter],
        requestBody: orderBody,
        responses: { "200": orderResponse("OK. Successful response with updated Order."), "400": errorResponse("Bad Request. Invalid request or validation error."), "404": errorResponse("Not Found. The resource to be updated does not exist.") },
        ...extensions,
      },
      delete: {
        summary: "Delete an existing Order",
        description: "Delete an existing Order",
        parameters: [orderIdParameter],
        responses: { "200": { description: "OK. Resource successfully deleted." }, "404": errorResponse("Not Found. Resource to be deleted does not exist.") },
        ...extensions,
      },
    },
  },
  components: {
    schemas: {
      ErrorListItem: { title: "Description of individual errors that may have occurred during a request.", required: ["code", "message"], properties: { message: { type: "string", description: "Description about individual errors occurred" }, code: { type: "integer", format: "int64" } } },
      MenuItem: {
        title: "Pizza menu Item",
        required: ["name"],
        properties: {
          price: { type: "string" },
          description: { type: "string" },
          name: { type: "string" },
          icon: { type: "string" },
        },
      },
      Order: {
        title: "Pizza Order",
        required: ["orderId"],
        properties: {
          customerName: { type: "string" },
          delivered: { type: "boolean" },
          address: { type: "string" },
          pizzaType: { type: "string" },
          creditCardNumber: { type: "string" },
          quantity: { type: "number" },
          orderId: { type: "string" },
        },
      },
      Error: {
        title: "Error object returned with 4XX HTTP status",
        required: ["code", "message"],
        properties: {
          message: { type: "string", description: "Error message." },
          error: { type: "array", description: "If there are more than one error list them out.", items: { $ref: "#/components/schemas/ErrorListItem" } },
          description: { type: "string", description: "A detail description about the error message." },
          code: { type: "integer", format: "int64" },
          moreInfo: { type: "string", description: "Preferably an url with more details about the error." },
        },
      },
    },
  },
} as const;

export const PIZZASHACK_HOW_TO = `# Ordering pizza with PizzaShackAPI

PizzaShack is the sample API that comes with Portcullis. Its backend runs inside Portcullis itself, so
you can try every resource right away.

## 1. Subscribe and get a token

1. In the **Developer Portal**, open **PizzaShackAPI** and subscribe your *DefaultApplication* with a tier.
2. Under the application's **Production Keys**, generate keys and an access token.

## 2. Read the menu

\`\`\`bash
curl -H "Authorization: Bearer $TOKEN" "$GATEWAY/pizzashack/1.0.0/menu"
\`\`\`

## 3. Place an order

\`\`\`bash
curl -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
  -d '{"customerName": "Jane", "pizzaType": "Garden Fresh", "quantity": 2, "address": "1 Main St", "creditCardNumber": "4111111111111111"}' \\
  "$GATEWAY/pizzashack/1.0.0/order"
\`\`\`

The answer carries an \`orderId\`: use it to read (\`GET /order/{orderId}\`), change (\`PUT\`) or cancel (\`DELETE\`) the order.
`;
