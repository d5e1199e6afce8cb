"use client";

import { useEffect, useRef } from "react";
import SwaggerUI from "swagger-ui-react";
import "swagger-ui-react/swagger-ui.css";
import { CONSOLE_SECURITY_SCHEME } from "@/lib/devportal/console-document";

type Props = { spec: Record<string, unknown>; token: string | null };

type System = { preauthorizeApiKey: (scheme: string, value: string) => void };
type SwaggerRequest = { headers: Record<string, string> };

/**
 * Swagger UI over the definition the server pointed at the gateway. The chosen token is put into the
 * "default" security scheme, so "Try it out" sends it as the Bearer token (and the Authorize dialog shows it).
 */
export default function SwaggerConsole({ spec, token }: Props) {
  const system = useRef<System | null>(null);
  const current = useRef(token);
  const swagger2 = typeof spec.swagger === "string";
  const value = (t: string) => (swagger2 ? `Bearer ${t}` : t);

  useEffect(() => {
    current.current = token;
    if (token) system.current?.preauthorizeApiKey(CONSOLE_SECURITY_SCHEME, value(token));
  });

  return (
    <div className="max-w-full overflow-x-auto rounded-xl border border-zinc-200 bg-white text-zinc-900 dark:border-zinc-800 [&_.swagger-ui_.wrapper]:max-w-none [&_.swagger-ui_.wrapper]:px-4">
      <SwaggerUI
        spec={spec}
        docExpansion="list"
        defaultModelsExpandDepth={-1}
        persistAuthorization={false}
        onComplete={(ui: System) => {
          system.current = ui;
          if (current.current) ui.preauthorizeApiKey(CONSOLE_SECURITY_SCHEME, value(current.current));
        }}
        requestInterceptor={(request: SwaggerRequest) => {
          // Belt and braces: an operation the scheme did not cover still gets the chosen token.
          const hasAuth = Object.keys(request.headers ?? {}).some((h) => h.toLowerCase() === "authorization");
          if (current.current && !hasAuth) request.headers = { ...request.headers, Authorization: `Bearer ${current.current}` };
          return request;
        }}
      />
    </div>
  );
}
