import { handleTokenRequest } from "@/lib/keys/oauth/token-endpoint";

export const POST = handleTokenRequest;
