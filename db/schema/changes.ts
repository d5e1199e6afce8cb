import { bigint, integer, pgTable } from "drizzle-orm/pg-core";

/**
 * The deployment's change version: one row, bumped by a trigger in the same transaction as every
 * write to a table the gateway snapshot reads (migration 0011). A snapshot records the version it
 * was built from and tokens the version they were minted at, so a gateway can tell that it has not
 * caught up with a change yet instead of refusing a call.
 */
export const changeVersion = pgTable("change_version", {
  id: integer("id").primaryKey().default(1),
  version: bigint("version", { mode: "number" }).notNull().default(0),
});
