import { afterAll, beforeAll, describe } from "vitest";
import { installDatabase } from "@/db";
import type { Database } from "@/db/client";
import type { DatabaseDriver } from "@/lib/config";
import { createTestDatabase, enabledDrivers, type TestDatabase } from "./databases";

/**
 * `describeEachDatabase`, with the suite's database installed as the process's one, so route
 * handlers (which call getDb()) run against it. Suites run one after another, each installing its own.
 */
export function describeEachInstalledDatabase(
  name: string,
  suite: (db: () => Database, driver: DatabaseDriver, handle: () => TestDatabase) => void,
) {
  for (const driver of enabledDrivers()) {
    describe(`${name} [${driver}]`, () => {
      let handle: TestDatabase | undefined;
      beforeAll(async () => {
        handle = await createTestDatabase(driver);
        installDatabase(handle);
      }, 120_000);
      afterAll(async () => {
        await handle?.close();
      });
      const current = () => {
        if (!handle) throw new Error("test database not ready");
        return handle;
      };
      suite(() => current().db, driver, current);
    });
  }
}
