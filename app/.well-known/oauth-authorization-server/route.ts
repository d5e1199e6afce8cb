import { handleMetadataRequest } from "@/lib/keys/oauth/discovery-endpoints";

export const GET = handleMetadataRequest;

/** Read per request: keys rotate and the issuer comes from the environment. */
export const dynamic = "force-dynamic";
