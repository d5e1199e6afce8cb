import type { BlockingType } from "@/lib/throttling/blocking";

/** How each kind of blocking condition is named and asked for (server and client components alike). */
export const BLOCKING_KINDS: Record<BlockingType, { label: string; placeholder: string; hint: string }> = {
  API: { label: "API context", placeholder: "/pizzashack", hint: "Every version, or one: /pizzashack/1.0.0." },
  APPLICATION: { label: "Application", placeholder: "application id", hint: "The application id (a UUID)." },
  USER: { label: "User", placeholder: "someone@example.com", hint: "Their tokens, and their applications' tokens." },
  IP: { label: "IP address", placeholder: "203.0.113.7", hint: "One IPv4 or IPv6 address." },
  IP_RANGE: { label: "IP range", placeholder: "10.0.0.0/8", hint: "CIDR notation, IPv4 or IPv6." },
};
