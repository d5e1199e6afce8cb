import { ApiConsole } from "@/components/devportal/api-console";
import { consoleApplications } from "@/lib/devportal/console";
import { getConsoleDefinition } from "@/lib/devportal/definition";
import { can } from "@/lib/services/context";
import { consoleTokenAction } from "../actions";
import { loadApi } from "../load-api";

type Props = { params: Promise<{ apiId: string }> };

export default async function ApiConsolePage({ params }: Props) {
  const { apiId } = await params;
  const { ctx, api } = await loadApi(apiId);
  const member = can(ctx.actor, "devportal:subscribe");
  const [{ document, corsAllowsPortal }, applications] = await Promise.all([
    getConsoleDefinition({ ctx, input: { apiId: api.id } }),
    member ? consoleApplications({ ctx, input: { apiId: api.id } }) : Promise.resolve([]),
  ]);
  const keyTypes = (["PRODUCTION", "SANDBOX"] as const).filter((k) => api.gatewayUrls[k === "PRODUCTION" ? "production" : "sandbox"]);
  return (
    <ApiConsole
      apiId={api.id}
      spec={document}
      corsAllowsPortal={corsAllowsPortal}
      signedIn={Boolean(ctx.actor)}
      prototype={api.state === "PROTOTYPED"}
      applications={applications}
      keyTypes={keyTypes.length ? keyTypes : ["PRODUCTION"]}
      tokenAction={consoleTokenAction}
    />
  );
}
