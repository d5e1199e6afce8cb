import { check, index, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { apis } from "./apis";
import { id, timestamps } from "./columns";
import { users } from "./users";

export const ratings = pgTable(
  "ratings",
  {
    id: id(),
    apiId: uuid("api_id")
      .notNull()
      .references(() => apis.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    rating: smallint("rating").notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("ratings_api_user_key").on(t.apiId, t.userId),
    check("ratings_rating_range", sql`${t.rating} between 1 and 5`),
  ],
);

export const comments = pgTable(
  "comments",
  {
    id: id(),
    apiId: uuid("api_id")
      .notNull()
      .references(() => apis.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Markdown; rendered sanitised. */
    content: text("content").notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [index("comments_api_idx").on(t.apiId, t.createdAt)],
);
