import { handleRevocationRequest } from "@/lib/keys/oauth/revoke-endpoint";

export const POST = handleRevocationRequest;
