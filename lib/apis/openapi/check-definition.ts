import "server-only";
import { z } from "zod";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { readDefinitionInput } from "./read-definition-input";

const CheckDefinitionInput = z.object({ definition: z.unknown() });

/** Validates a definition without saving it: how many resources it has, or a DefinitionError naming the lines. */
export async function checkDefinition({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<{ resources: number; specification: string }> {
  authorize(ctx, "api:view");
  const { definition } = parseInput(CheckDefinitionInput, input);
  const { parsed, resources } = await readDefinitionInput(definition);
  const spec = parsed.document.swagger ? `Swagger ${String(parsed.document.swagger)}` : `OpenAPI ${String(parsed.document.openapi)}`;
  return { resources: resources.length, specification: spec };
}
