import { index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { apis } from "./apis";
import { id, timestamps } from "./columns";
import { users } from "./users";

/** A consumer's application: the unit that subscribes to APIs and holds keys. */
export const applications = pgTable(
  "applications",
  {
    id: id(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Application-level throttling policy, counted per end user of the app. */
    throttlingTier: text("throttling_tier").notNull().default("Unlimited"),
    /** Default access-token validity in seconds; negative means tokens never expire. */
    tokenValiditySeconds: integer("token_validity_seconds").notNull().default(3600),
    ...timestamps(),
  },
  (t) => [uniqueIndex("applications_owner_name_key").on(t.ownerId, t.name)],
);

export const SUBSCRIPTION_STATUSES = ["ACTIVE", "BLOCKED", "PROD_ONLY_BLOCKED", "ON_HOLD", "REJECTED"] as const;
export const subscriptionStatusEnum = pgEnum("subscription_status", SUBSCRIPTION_STATUSES);

export const subscriptions = pgTable(
  "subscriptions",
  {
    id: id(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    apiId: uuid("api_id")
      .notNull()
      .references(() => apis.id, { onDelete: "restrict" }),
    /** Subscription-level throttling policy chosen from the API's offered tiers. */
    throttlingTier: text("throttling_tier").notNull(),
    status: subscriptionStatusEnum("status").notNull().default("ACTIVE"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("subscriptions_application_api_key").on(t.applicationId, t.apiId),
    index("subscriptions_api_idx").on(t.apiId),
  ],
);
