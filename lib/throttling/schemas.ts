import { z } from "zod";
import { BLOCKING_TYPES, POLICY_LEVELS, TIME_UNITS } from "@/db/schema";
import { parseCidr, parseIp } from "@/lib/net/ip";

/** Form fields arrive as strings, JSON as numbers: both become integers here. */
const integer = (label: string, max: number) =>
  z.coerce
    .number({ error: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(1, `${label} must be at least 1.`)
    .max(max, `${label} must be at most ${max.toLocaleString("en")}.`);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .optional()
    .transform((v) => v || undefined);

export const PolicyFields = {
  displayName: optionalText(100),
  description: optionalText(500),
  requestCount: integer("Request count", 1_000_000_000),
  unitTime: integer("Unit time", 1000),
  timeUnit: z.enum(TIME_UNITS, "Time unit is one of sec, min, hour, day."),
};

export const CreatePolicyInput = z.object({
  level: z.enum(POLICY_LEVELS, "Level is one of SUBSCRIPTION, APPLICATION, API."),
  name: z
    .string()
    .trim()
    .min(1, "Give the policy a name.")
    .max(64, "At most 64 characters.")
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "Letters, digits, '_', '.' and '-' only, starting with a letter or digit."),
  ...PolicyFields,
});
export type CreatePolicyInput = z.input<typeof CreatePolicyInput>;

/** Name and level are the policy's identity (subscriptions, applications and APIs refer to them), so they never change. */
export const UpdatePolicyInput = z.strictObject(PolicyFields, {
  error: (issue) => (issue.code === "unrecognized_keys" ? `${issue.keys.join(", ")} cannot be changed.` : undefined),
});
export type UpdatePolicyInput = z.input<typeof UpdatePolicyInput>;

const email = z.string().trim().toLowerCase().pipe(z.email("Enter the user's email address."));

/** What each blocking condition's value is, and how it is checked and normalised. */
export const BlockingValue = {
  API: z
    .string()
    .trim()
    .regex(/^\/[^\s?#]*$/, "An API context starts with / (optionally with its version: /pizzashack/1.0.0).")
    .transform((v) => (v.length > 1 ? v.replace(/\/+$/, "") : v)),
  APPLICATION: z.string().trim().toLowerCase().pipe(z.uuid("Enter the application's id.")),
  USER: email,
  IP: z
    .string()
    .trim()
    .refine((v) => parseIp(v) !== null, "Enter an IPv4 or IPv6 address."),
  IP_RANGE: z
    .string()
    .trim()
    .refine((v) => v.includes("/") && parseCidr(v) !== null, "Enter a range in CIDR notation, e.g. 10.0.0.0/8 or 2001:db8::/32."),
} as const satisfies Record<(typeof BLOCKING_TYPES)[number], z.ZodType<string, string>>;

const enabled = z
  .union([z.boolean(), z.enum(["true", "false", "on"])])
  .optional()
  .transform((v) => v === undefined || v === true || v === "true" || v === "on");

export const CreateBlockingInput = z
  .object({ type: z.enum(BLOCKING_TYPES, "Type is one of API, APPLICATION, USER, IP, IP_RANGE."), value: z.string(), enabled })
  .transform((input, ctx) => {
    const parsed = BlockingValue[input.type].safeParse(input.value);
    if (parsed.success) return { ...input, value: parsed.data };
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["value"], message: issue.message });
    return z.NEVER;
  });
export type CreateBlockingInput = z.input<typeof CreateBlockingInput>;

export const SetBlockingEnabledInput = z.object({ enabled: z.boolean("enabled is true or false.") });
