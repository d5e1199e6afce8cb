import { gatewayError } from "./errors";

export type GatewayHandler = (request: Request) => Promise<Response>;

/**
 * The data plane, as a Fetch-API handler mounted three ways (DESIGN "The gateway's three mounts").
 * No API is deployed to it yet, so every call gets the SPEC's 404 for an unknown context/version.
 */
export function createGatewayHandler(): GatewayHandler {
  return async (request) => {
    const { pathname } = new URL(request.url);
    return gatewayError("apiNotFound", `No API is deployed at ${pathname}. Publish an API in the publisher portal first.`);
  };
}
