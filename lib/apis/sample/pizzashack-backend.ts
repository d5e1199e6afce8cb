import "server-only";
import { z } from "zod";
import { PayloadTooLargeError } from "@/lib/errors";
import { readText } from "@/lib/http/read-body";

/**
 * The PizzaShack sample's backend, as WSO2 ships it: a menu and orders kept in memory. It is served
 * by this product under /sample-backend/pizzashack/v1/api so the sample works with nothing else running.
 */
export const MENU = [
  { name: "BBQ Chicken Bacon", description: "Grilled white chicken, hickory-smoked bacon and fresh sliced onions in barbeque sauce", price: "15.99", icon: "/images/6.png" },
  { name: "Chicken Parmesan", description: "Grilled chicken, fresh tomatoes, feta and mozzarella cheese", price: "14.99", icon: "/images/1.png" },
  { name: "Chilly Chicken Cordon Bleu", description: "Spinash Alfredo sauce topped with grilled chicken, ham, onions and mozzarella", price: "13.99", icon: "/images/10.png" },
  { name: "Double Bacon 6Cheese", description: "Hickory-smoked bacon, Julienne cut Canadian bacon, Parmesan, mozzarella, Romano, Asiago and and Fontina cheese", price: "15.99", icon: "/images/9.png" },
  { name: "Garden Fresh", description: "Slices onions and green peppers, gourmet mushrooms, black olives and ripe Roma tomatoes", price: "12.99", icon: "/images/3.png" },
  { name: "Grilled Chicken Club", description: "Grilled white chicken, hickory-smoked bacon and fresh sliced onions topped with Roma tomatoes", price: "14.99", icon: "/images/8.png" },
  { name: "Hawaiian BBQ Chicken", description: "Grilled white chicken, hickory-smoked bacon, barbeque sauce topped with sweet pine-apple", price: "13.99", icon: "/images/7.png" },
  { name: "Spicy Italian", description: "Pepperoni and a double portion of spicy Italian sausage", price: "14.99", icon: "/images/4.png" },
  { name: "Spinach Alfredo", description: "Rich and creamy blend of spinach and garlic Parmesan with Alfredo sauce", price: "12.99", icon: "/images/5.png" },
  { name: "Tuscan Six Cheese", description: "Six cheese blend of mozzarella, Parmesan, Romano, Asiago and Fontina", price: "13.99", icon: "/images/2.png" },
] as const;

const OrderInput = z.object({
  customerName: z.string().trim().min(1).max(200),
  pizzaType: z.string().trim().min(1).max(200),
  quantity: z.coerce.number().int().min(1).max(100),
  address: z.string().trim().max(500).default(""),
  creditCardNumber: z.string().trim().max(30).default(""),
  delivered: z.boolean().default(false),
});

type Order = z.infer<typeof OrderInput> & { orderId: string };

/** Bounded, so a script placing orders in a loop cannot grow the process without end. */
const MAX_ORDERS = 1000;
const ORDERS_KEY = Symbol.for("portcullis.sample.pizzashack.orders");
type Holder = { [ORDERS_KEY]?: Map<string, Order> };

function orders(): Map<string, Order> {
  const holder = globalThis as Holder;
  return (holder[ORDERS_KEY] ??= new Map());
}

const BASE = ["v1", "api"];

/** Answers one request; `path` is what follows /sample-backend/pizzashack/. */
export async function handlePizzaShack(request: Request, path: string[]): Promise<Response> {
  if (path.length < 2 || path[0] !== BASE[0] || path[1] !== BASE[1]) return error(404, "Not Found", "Use /sample-backend/pizzashack/v1/api/menu or /order.");
  const [resource, id, ...rest] = path.slice(2);
  const method = request.method.toUpperCase();
  // The base URL answers too, so the publisher's "Test" button shows the sample backend as healthy.
  if (resource === undefined) return method === "GET" ? Response.json({ name: "PizzaShack", resources: ["/menu", "/order", "/order/{orderId}"] }) : notAllowed("GET");
  if (rest.length > 0) return error(404, "Not Found", "No such resource.");
  if (resource === "menu" && id === undefined) {
    return method === "GET" ? Response.json(MENU) : notAllowed("GET");
  }
  if (resource !== "order") return error(404, "Not Found", "No such resource.");
  if (id === undefined) {
    if (method !== "POST") return notAllowed("POST");
    const input = await readOrder(request);
    if (input instanceof Response) return input;
    const order: Order = { ...input, orderId: crypto.randomUUID() };
    store(order);
    return Response.json(order, { status: 201, headers: { location: `${new URL(request.url).pathname}/${order.orderId}` } });
  }
  const existing = orders().get(id);
  if (!existing) return error(404, "Not Found", `Order ${id} does not exist.`);
  switch (method) {
    case "GET":
      return Response.json(existing);
    case "PUT": {
      const input = await readOrder(request);
      if (input instanceof Response) return input;
      const updated = { ...input, orderId: id };
      store(updated);
      return Response.json(updated);
    }
    case "DELETE":
      orders().delete(id);
      return Response.json({});
    default:
      return notAllowed("GET, PUT, DELETE");
  }
}

/** Orders are a few fields; the sample backend is public, so its bodies are capped while they stream. */
const MAX_ORDER_BYTES = 64 * 1024;

async function readOrder(request: Request): Promise<z.infer<typeof OrderInput> | Response> {
  let body: unknown;
  try {
    body = JSON.parse(await readText(request, MAX_ORDER_BYTES));
  } catch (cause) {
    if (cause instanceof PayloadTooLargeError) return error(413, "Payload Too Large", cause.message);
    return error(400, "Bad Request", "Send the order as a JSON object.");
  }
  const parsed = OrderInput.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return error(400, "Bad Request", `${issue.path.join(".") || "order"}: ${issue.message}`);
  }
  return parsed.data;
}

function store(order: Order) {
  const all = orders();
  all.delete(order.orderId);
  all.set(order.orderId, order);
  while (all.size > MAX_ORDERS) all.delete(all.keys().next().value as string);
}

function error(status: number, message: string, description: string): Response {
  return Response.json({ code: status, message, description }, { status });
}

function notAllowed(allow: string): Response {
  return Response.json({ code: 405, message: "Method Not Allowed", description: `Use ${allow}.` }, { status: 405, headers: { allow } });
}
