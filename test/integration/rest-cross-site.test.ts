import { expect, it, vi } from "vitest";
import type { Actor } from "@/lib/services/context";
import { listApplications } from "@/lib/devportal/applications";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createUser, ctxFor, uniqueSuffix } from "@/test/harness/factories";
import * as applicationsRoute from "@/app/api/v1/devportal/applications/route";

/**
 * A portal session authenticates by cookie, which a browser sends with a request another site makes;
 * so a cookie-authenticated write is refused unless it comes from our own pages. The session lookup
 * is mocked (it needs Next's request context); the check and everything behind it are the real code.
 */
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionActor: async () => session.actor, sessionCtx: async () => ({ actor: session.actor }) }));

function create(as: Actor, headers: Record<string, string>) {
  session.actor = as;
  const request = new Request("http://localhost:3000/api/v1/devportal/applications", {
    method: "POST",
    headers: { cookie: "next-auth.session-token=test", "content-type": "application/json", host: "localhost:3000", ...headers },
    body: JSON.stringify({ name: `Cross ${uniqueSuffix()}` }),
  });
  return applicationsRoute.POST(request, { params: Promise.resolve({} as Record<string, never>) });
}

describeEachInstalledDatabase("cookie-authenticated REST writes from another site", (db) => {
  it("are refused (403, nothing written) when the browser says another origin or site made them", async () => {
    const user = await createUser(db());
    const before = (await listApplications({ ctx: ctxFor(db(), user) })).length;
    for (const headers of <Record<string, string>[]>[
      { origin: "https://evil.example" },
      { origin: "http://localhost:3000.evil.example" },
      { origin: "null" },
      { origin: "not a url" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: "http://localhost:3000" },
    ]) {
      const response = await create(user, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.json()).toMatchObject({ detail: "Cross-site request refused." });
    }
    expect((await listApplications({ ctx: ctxFor(db(), user) })).length).toBe(before);
  });

  it("are served from our own pages, and from clients that are not browsers", async () => {
    const user = await createUser(db());
    for (const headers of <Record<string, string>[]>[{ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }, { "sec-fetch-site": "none" }, {}]) {
      expect((await create(user, headers)).status, JSON.stringify(headers)).toBe(201);
    }
  });
});
