import { apiRoute, json } from "@/lib/http/api-route";
import { listSigningKeys } from "@/lib/keys/signing-key-admin";

/** The token-signing keys, newest first: `kid`, `alg`, `activatesAt`, `retiredAt`, `removeAfter`, `state`, `published`. Never a private key. */
export const GET = apiRoute("apim:admin", async ({ ctx }) => json(await listSigningKeys({ ctx })));
