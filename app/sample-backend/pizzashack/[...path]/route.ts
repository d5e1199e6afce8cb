import { handlePizzaShack } from "@/lib/apis/sample/pizzashack-backend";

/** The PizzaShack sample's backend (see lib/apis/sample). Public: the gateway calls it like any backend. */
type Context = { params: Promise<{ path: string[] }> };

export const dynamic = "force-dynamic";

async function handle(request: Request, { params }: Context): Promise<Response> {
  return handlePizzaShack(request, (await params).path);
}

export { handle as GET, handle as POST, handle as PUT, handle as DELETE };
