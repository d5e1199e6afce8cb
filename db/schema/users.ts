import { boolean, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";

export const ROLES = ["admin", "publisher", "creator", "subscriber"] as const;
export type Role = (typeof ROLES)[number];
export const roleEnum = pgEnum("role", ROLES);

/** A tenant, as in WSO2's multi-tenancy: APIs and users belong to exactly one. */
export const organizations = pgTable("organizations", {
  id: id(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  ...timestamps(),
});

export const users = pgTable(
  "users",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "restrict" }),
    /** Stored lower-cased; unique across the platform. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** `scrypt$N$r$p$salt$hash`, see lib/auth/password.ts. */
    passwordHash: text("password_hash").notNull(),
    roles: roleEnum("roles").array().notNull().default(["subscriber"]),
    disabled: boolean("disabled").notNull().default(false),
    /**
     * Tokens and API keys issued before this instant are dead (set when the account is disabled), so
     * re-enabling it does not bring back credentials that were out while it was disabled.
     */
    tokensValidFrom: timestamp("tokens_valid_from", { withTimezone: true }),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email), index("users_organization_idx").on(t.organizationId)],
);
