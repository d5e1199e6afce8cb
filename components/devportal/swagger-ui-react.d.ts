/** The parts of swagger-ui-react's props the console uses (the package ships no types). */
declare module "swagger-ui-react" {
  import type { ComponentType } from "react";

  type SwaggerUIProps = {
    spec?: Record<string, unknown>;
    url?: string;
    docExpansion?: "list" | "full" | "none";
    defaultModelsExpandDepth?: number;
    persistAuthorization?: boolean;
    tryItOutEnabled?: boolean;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the system object is untyped upstream
    onComplete?: (system: any) => void;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request objects are untyped upstream
    requestInterceptor?: (request: any) => any;
  };

  const SwaggerUI: ComponentType<SwaggerUIProps>;
  export default SwaggerUI;
}
