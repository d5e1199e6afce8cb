import { z } from "zod";

/** The test environment: which real services the integration tests also run against (CI sets all). */
const TestEnv = z.object({
  TEST_DATABASE_URL: z.string().url().optional(),
  TEST_REDIS_URL: z.string().url().optional(),
  TEST_NEON: z
    .enum(["1", "true", "0", "false", ""])
    .optional()
    .transform((v) => v === "1" || v === "true"),
});

export const testEnv = TestEnv.parse(process.env);
