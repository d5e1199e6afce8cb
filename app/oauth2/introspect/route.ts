import { handleIntrospectionRequest } from "@/lib/keys/oauth/introspect-endpoint";

export const POST = handleIntrospectionRequest;
