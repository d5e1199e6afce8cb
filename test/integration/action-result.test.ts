import { isRedirectError } from "next/dist/client/components/redirect-error";
import { describe, expect, it } from "vitest";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { runAction } from "@/lib/http/action-result";

describe("runAction(call, { revalidate, redirect })", () => {
  it("hands a ValidationError's field errors to the form, and neither revalidates nor redirects on failure", async () => {
    let asked = 0;
    const path = () => {
      asked += 1;
      return "/publisher";
    };
    const result = await runAction(() => Promise.reject(new ValidationError("Check the fields", { name: ["Required"] })), { revalidate: path, redirect: path });
    expect(result).toEqual({ ok: false, message: "Check the fields", fieldErrors: { name: ["Required"] } });
    expect(await runAction(() => Promise.reject(new NotFoundError("API")), { redirect: path })).toEqual({ ok: false, message: "The API does not exist or you cannot see it." });
    expect(asked).toBe(0);
  });

  it("redirects after a success, to a path that may depend on the result", async () => {
    const thrown = await runAction(async () => ({ id: "a1" }), { redirect: (data) => `/publisher/apis/${data.id}/documents` }).catch((error: unknown) => error);
    expect(isRedirectError(thrown)).toBe(true);
    expect((thrown as { digest: string }).digest).toContain("/publisher/apis/a1/documents");
  });

  it("returns the data when nothing else is asked", async () => {
    expect(await runAction(async () => 42)).toEqual({ ok: true, data: 42 });
  });
});
