import { handleRegistrationRequest } from "@/lib/keys/oauth/register-endpoint";

export const POST = handleRegistrationRequest;
