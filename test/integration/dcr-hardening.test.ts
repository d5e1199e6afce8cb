import * as oauth from "oauth4webapi";
import { expect, it } from "vitest";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createUser, TEST_PASSWORD } from "@/test/harness/factories";
import { basicAuth, basicHeader, clientOptions, discover, postAuth, withAuthorization } from "./oauth-fixtures";

describeEachInstalledDatabase("dynamic client registration: redirect URIs and the registered auth method", (db) => {
  const options = clientOptions();

  async function register(metadata: Partial<oauth.Client>) {
    const owner = await createUser(db());
    const as = await discover();
    const response = await oauth.dynamicClientRegistrationRequest(as, metadata, clientOptions(withAuthorization(basicHeader(owner.email, TEST_PASSWORD))));
    return { as, response };
  }

  it("refuses redirect URIs that would run script or read files, plain http off loopback, and fragments", async () => {
    for (const uri of [
      "javascript:alert(document.cookie)",
      "JavaScript://example.com/%0aalert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "http://example.com/callback",
      "https://example.com/callback#frag",
      "https://user:pass@example.com/callback",
    ]) {
      const { response } = await register({ redirect_uris: [uri] });
      expect(response.status, uri).toBe(400);
      expect(await response.json(), uri).toMatchObject({ error: "invalid_redirect_uri" });
    }
  });

  it("accepts https, http on loopback and private-use schemes (RFC 8252)", async () => {
    const uris = ["https://app.example.com/cb", "http://127.0.0.1:8765/cb", "http://[::1]/cb", "http://localhost:3000/cb", "com.example.app:/oauth2redirect"];
    const { as, response } = await register({ redirect_uris: uris });
    const registered = await oauth.processDynamicClientRegistrationResponse(response);
    expect(registered.redirect_uris).toEqual(uris);
    expect(as.issuer).toBeTruthy();
  });

  it("holds a client to the token endpoint auth method it registered", async () => {
    for (const method of ["client_secret_basic", "client_secret_post"] as const) {
      const { as, response } = await register({ grant_types: ["client_credentials"], token_endpoint_auth_method: method });
      const registered = await oauth.processDynamicClientRegistrationResponse(response);
      expect(registered.token_endpoint_auth_method).toBe(method);
      const secret = registered.client_secret as string;
      const [right, wrong] = method === "client_secret_basic" ? [basicAuth, postAuth] : [postAuth, basicAuth];
      const good = right(registered.client_id, secret);
      const ok = await oauth.clientCredentialsGrantRequest(as, good.client, good.auth, {}, options);
      expect(ok.status, method).toBe(200);
      const bad = wrong(registered.client_id, secret);
      const refused = await oauth.clientCredentialsGrantRequest(as, bad.client, bad.auth, {}, options);
      expect(refused.status, method).toBe(401);
      expect(await refused.json()).toMatchObject({ error: "invalid_client" });
    }
  });
});
