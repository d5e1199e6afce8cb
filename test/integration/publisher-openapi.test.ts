import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { createApi } from "@/lib/apis/create-api";
import { getApi } from "@/lib/apis/get-api";
import { getDefinition, updateDefinition } from "@/lib/apis/openapi/definition-service";
import { DefinitionError } from "@/lib/apis/openapi/definition-error";
import { importOpenApi } from "@/lib/apis/openapi/import-openapi";
import { testEndpoint } from "@/lib/apis/test-endpoint";
import { updateApi } from "@/lib/apis/update-api";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { describeEachDatabase } from "@/test/harness/databases";
import { createOrganization, createUser, ctxFor, uniqueSuffix } from "@/test/harness/factories";

const flags = vi.hoisted(() => ({ allowPrivate: true }));
vi.mock("@/lib/config", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/config")>();
  return { ...actual, config: () => ({ ...actual.config(), allowPrivateEndpoints: flags.allowPrivate }) };
});

const PETSTORE_V2 = {
  swagger: "2.0",
  info: { title: "Petstore", version: "1.0.0", description: "Pets" },
  basePath: "/petstore/1.0.0",
  paths: {
    "/pets": {
      get: { summary: "List pets", parameters: [{ name: "limit", in: "query", type: "integer" }], responses: { "200": { description: "ok" } }, "x-auth-type": "None" },
      post: { parameters: [{ name: "body", in: "body", required: true, schema: { $ref: "#/definitions/Pet" } }], responses: { "201": { description: "made" } }, "x-scope": "pet_write" },
    },
    "/pets/{petId}": { get: { parameters: [{ name: "petId", in: "path", required: true, type: "string" }], responses: { "200": { description: "ok" } }, "x-throttling-tier": "10KPerMin" } },
  },
  definitions: { Pet: { type: "object", properties: { name: { type: "string" } } } },
};

let server: http.Server;
let base = "";
let refFetches = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/petstore.yaml") res.writeHead(200, { "content-type": "application/yaml" }).end(stringify(PETSTORE_V2));
    else if (req.url === "/moved") res.writeHead(302, { location: "/petstore.yaml" }).end();
    else if (req.url === "/ref.yaml") {
      refFetches += 1;
      res.writeHead(200, { "content-type": "application/yaml" }).end("type: string\n");
    }
    else res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const summary = (r: { method: string; target: string; authType: string; throttlingTier: string; scopes: string[] }) =>
  `${r.method} ${r.target} ${r.authType} ${r.throttlingTier} [${r.scopes.join(",")}]`;

describeEachDatabase("publisher: OpenAPI", (db) => {
  it("imports Swagger 2.0 (as an object, or YAML from a URL) with resources, vendor extensions and the base path as context", async () => {
    const creator = await createUser(db(), { roles: ["creator"] });
    const ctx = ctxFor(db(), creator);
    const name = `Petstore${uniqueSuffix()}`;
    const api = await importOpenApi({ ctx, input: { definition: PETSTORE_V2, name, context: `/pets-${uniqueSuffix()}` } });
    expect(api).toMatchObject({ name, version: "1.0.0", description: "Pets", state: "CREATED" });
    expect(api.resources.map(summary)).toEqual([
      "GET /pets None Unlimited []",
      "POST /pets Application & Application User Unlimited [pet_write]",
      "GET /pets/{petId} Application & Application User 10KPerMin []",
    ]);
    expect(api.resources[0].parameters).toEqual([{ name: "limit", in: "query", required: false, schema: { type: "integer" } }]);
    expect(api.scopes.map((s) => s.key)).toEqual(["pet_write"]);
    const fromUrl = await importOpenApi({ ctx: ctxFor(db(), await createUser(db(), { roles: ["creator"], organizationId: await createOrganization(db()) })), input: { url: `${base}/petstore.yaml` } });
    expect(fromUrl).toMatchObject({ context: "/petstore", name: "Petstore" });
    const redirect = await importOpenApi({ ctx, input: { url: `${base}/moved`, name: `R${uniqueSuffix()}`, context: `/r-${uniqueSuffix()}` } }).catch((e) => e);
    expect(redirect.fieldErrors.url[0]).toMatch(/redirects/);
  });

  it("round-trips: export as JSON and YAML, import both, same resources", async () => {
    const creator = await createUser(db(), { roles: ["creator"] });
    const ctx = ctxFor(db(), creator);
    const original = await createApi({
      ctx,
      input: {
        name: `Round${uniqueSuffix()}`,
        context: `/round-${uniqueSuffix()}`,
        version: "1.2.3",
        scopes: [{ key: "order_read", name: "Read orders", roles: ["subscriber", "creator"] }],
        resources: [
          { method: "GET", target: "/orders/{orderId}", authType: "Application User", throttlingTier: "20KPerMin", scopes: ["order_read"], summary: "One order" },
          { method: "POST", target: "/orders", parameters: [{ name: "body", in: "body", required: true }, { name: "X-Trace", in: "header", required: false }] },
          { method: "OPTIONS", target: "/*", authType: "None" },
        ],
      },
    });
    for (const format of ["json", "yaml"] as const) {
      const exported = await getDefinition({ ctx, apiId: original.id, format });
      const copy = await importOpenApi({ ctx, input: { definition: exported.text, name: `Copy${format}${uniqueSuffix()}`, context: `/copy-${format}-${uniqueSuffix()}` } });
      expect(copy.resources).toEqual(original.resources);
      expect(copy.scopes).toEqual(original.scopes);
      expect(copy.version).toBe("1.2.3");
    }
  });

  it("points at the line of each problem in a malformed definition", async () => {
    const creator = await createUser(db(), { roles: ["creator"] });
    const ctx = ctxFor(db(), creator);
    const syntax = await importOpenApi({ ctx, input: { definition: "openapi: 3.0.3\ninfo:\n  title: [unclosed\n", context: "/bad" } }).catch((e) => e);
    expect(syntax).toBeInstanceOf(DefinitionError);
    expect(syntax.fieldErrors.definition[0]).toMatch(/^line \d+: /);
    const text = ["openapi: 3.0.3", "info:", "  title: Broken", "paths:", "  /a:", "    get:", "      responses:", "        '200':", "          description: ok", "          bogus: true", ""].join("\n");
    const schema = await importOpenApi({ ctx, input: { definition: text, context: "/bad" } }).catch((e) => e);
    expect(schema.fieldErrors.definition).toEqual([expect.stringMatching(/^line 2: .*version/), expect.stringMatching(/^line 10: .*bogus/)]);
    const notOpenApi = await importOpenApi({ ctx, input: { definition: "hello: world", context: "/bad" } }).catch((e) => e);
    expect(notOpenApi.fieldErrors.definition[0]).toMatch(/openapi/);
    const tier = await importOpenApi({
      ctx,
      input: {
        definition: { ...PETSTORE_V2, paths: { "/x": { get: { responses: { "200": { description: "ok" } }, "x-throttling-tier": "Nope" } } } },
        name: `T${uniqueSuffix()}`,
        context: `/t-${uniqueSuffix()}`,
      },
    }).catch((e) => e);
    expect(tier.fieldErrors.definition[0]).toMatch(/GET \/x: Nope is not a resource tier/);
    const missing = await importOpenApi({ ctx, input: {} }).catch((e) => e);
    expect(missing.fieldErrors).toHaveProperty("definition");
    // External $refs are never fetched: a definition must not make the server call addresses for it.
    const external = {
      ...PETSTORE_V2,
      paths: { "/x": { get: { parameters: [{ name: "q", in: "query", type: "string" }], responses: { "200": { description: "ok", schema: { $ref: `${base}/ref.yaml` } } } } } },
    };
    await importOpenApi({ ctx, input: { definition: external, name: `E${uniqueSuffix()}`, context: `/e-${uniqueSuffix()}` } }).catch(() => undefined);
    expect(refFetches).toBe(0);
  });

  it("keeps resources and definition in sync both ways", async () => {
    const creator = await createUser(db(), { roles: ["creator"] });
    const ctx = ctxFor(db(), creator);
    const api = await importOpenApi({ ctx, input: { definition: PETSTORE_V2, name: `Sync${uniqueSuffix()}`, context: `/sync-${uniqueSuffix()}` } });
    // Editing resources regenerates paths and keeps the rest of the document.
    await updateApi({ ctx, apiId: api.id, input: { resources: [...api.resources.slice(0, 2), { method: "DELETE", target: "/pets/{petId}", authType: "Application" }] } });
    const yaml = (await getDefinition({ ctx, apiId: api.id, format: "yaml" })).text;
    expect(yaml).toContain("swagger: \"2.0\"");
    expect(yaml).toContain("definitions:");
    expect(yaml).toContain("$ref: \"#/definitions/Pet\"");
    expect(yaml).toMatch(/delete:[\s\S]*x-auth-type: Application\n/);
    // Saving a definition replaces the resources.
    const edited = yaml.replace(/\n {2}\/pets\/\{petId\}:[\s\S]*?(?=\ndefinitions:|\nx-wso2)/, "");
    const saved = await updateDefinition({ ctx, apiId: api.id, input: { definition: edited } });
    expect(saved.resources.map((r) => `${r.method} ${r.target}`)).toEqual(["GET /pets", "POST /pets"]);
    expect((await getApi({ ctx, apiId: api.id })).resources).toHaveLength(2);
    const invalid = await updateDefinition({ ctx, apiId: api.id, input: { definition: "swagger: '2.0'\n" } }).catch((e) => e);
    expect(invalid.fieldErrors.definition.length).toBeGreaterThan(0);
    const outsider = await createUser(db(), { roles: ["creator"], organizationId: await createOrganization(db()) });
    await expect(updateDefinition({ ctx: ctxFor(db(), outsider), apiId: api.id, input: { definition: edited } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateDefinition({ ctx: ctxFor(db(), await createUser(db())), apiId: api.id, input: { definition: edited } })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("tests endpoints: status and latency, no redirects followed", async () => {
    const creator = await createUser(db(), { roles: ["creator"] });
    const ctx = ctxFor(db(), creator);
    expect(await testEndpoint({ ctx, input: { url: `${base}/health` } })).toMatchObject({ reachable: true, status: 204 });
    expect(await testEndpoint({ ctx, input: { url: `${base}/moved` } })).toMatchObject({ reachable: true, status: 302 });
    const spare = http.createServer();
    await new Promise<void>((resolve) => spare.listen(0, "127.0.0.1", resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise<void>((resolve) => spare.close(() => resolve()));
    const closed = await testEndpoint({ ctx, input: { url: `http://127.0.0.1:${port}/` } });
    expect(closed).toMatchObject({ reachable: false, status: null, message: "Connection refused." });
  });

  it("refuses loopback, link-local (metadata), private and reserved destinations unless private endpoints are allowed", async () => {
    const creator = await createUser(db(), { roles: ["creator"] });
    const ctx = ctxFor(db(), creator);
    flags.allowPrivate = false;
    try {
      for (const url of ["http://127.0.0.1:8080/", "http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/", "http://192.168.0.1/", "http://[::1]/", "http://localhost/", "http://0.0.0.0/", `${base}/health`]) {
        const error = await testEndpoint({ ctx, input: { url } }).catch((e) => e);
        expect(error, url).toBeInstanceOf(ValidationError);
        expect(error.fieldErrors.url[0], url).toMatch(/private|resolve/);
      }
      const imported = await importOpenApi({ ctx, input: { url: `${base}/petstore.yaml` } }).catch((e) => e);
      expect(imported.fieldErrors).toHaveProperty("url");
      const saved = await createApi({ ctx, input: { name: `S${uniqueSuffix()}`, context: `/s-${uniqueSuffix()}`, version: "1", endpoints: { production: { url: "http://169.254.169.254/" } } } }).catch((e) => e);
      expect(saved.fieldErrors).toHaveProperty(["endpoints.production.url"]);
    } finally {
      flags.allowPrivate = true;
    }
  });
});
