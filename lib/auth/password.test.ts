import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("hunter2-hunter2");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("hunter2-hunter2", hash)).toBe(true);
    expect(await verifyPassword("hunter2-hunter3", hash)).toBe(false);
    expect(await verifyPassword("hunter2-hunter2", "plain")).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });
});
