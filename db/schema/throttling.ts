import { boolean, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { users } from "./users";

export const POLICY_LEVELS = ["SUBSCRIPTION", "APPLICATION", "API"] as const;
export type PolicyLevel = (typeof POLICY_LEVELS)[number];
export const policyLevelEnum = pgEnum("policy_level", POLICY_LEVELS);

export const TIME_UNITS = ["sec", "min", "hour", "day"] as const;
export const timeUnitEnum = pgEnum("time_unit", TIME_UNITS);

/** Admin-made throttling policies; the defaults live in code (lib/throttling). */
export const throttlingPolicies = pgTable(
  "throttling_policies",
  {
    id: id(),
    level: policyLevelEnum("level").notNull(),
    name: text("name").notNull(),
    displayName: text("display_name").notNull(),
    description: text("description").notNull().default(""),
    /** null means unlimited. */
    requestCount: integer("request_count"),
    unitTime: integer("unit_time").notNull().default(1),
    timeUnit: timeUnitEnum("time_unit").notNull().default("min"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("throttling_policies_level_name_key").on(t.level, t.name)],
);

export const BLOCKING_TYPES = ["API", "APPLICATION", "USER", "IP", "IP_RANGE"] as const;
export const blockingTypeEnum = pgEnum("blocking_type", BLOCKING_TYPES);

export const blockingConditions = pgTable("blocking_conditions", {
  id: id(),
  type: blockingTypeEnum("type").notNull(),
  /** API context, application id, user email, IP address or CIDR range. */
  value: text("value").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  ...timestamps(),
});
