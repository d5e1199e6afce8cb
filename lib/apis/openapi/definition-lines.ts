import "server-only";
import { ValidationError } from "@/lib/errors";
import type { ResourceInput } from "../schemas";
import { DefinitionError, type DefinitionProblem } from "./definition-error";
import type { ParsedDefinition } from "./parse-definition";

/**
 * Runs checks phrased in terms of resources (`resources.3.throttlingTier`) and, when they fail,
 * says the same thing in terms of the definition: the line of that resource's operation.
 */
export async function inDefinitionTerms<T>(parsed: ParsedDefinition, resources: ResourceInput[], run: () => Promise<T> | T, field = "definition"): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ValidationError) || error instanceof DefinitionError) throw error;
    // Errors about other fields (a name, a context) stay on those fields.
    if (!Object.keys(error.fieldErrors).some((key) => key.startsWith("resources."))) throw error;
    const problems: DefinitionProblem[] = Object.entries(error.fieldErrors).flatMap(([key, messages]) => {
      const match = /^resources\.(\d+)\./.exec(key);
      const resource = match ? resources[Number(match[1])] : undefined;
      const line = resource ? parsed.locate(["paths", resource.target, resource.method.toLowerCase()]) : null;
      const prefix = resource ? `${resource.method} ${resource.target}: ` : "";
      return messages.map((message) => ({ line, message: `${prefix}${message}` }));
    });
    throw new DefinitionError(problems.length ? problems : [{ line: null, message: error.message }], field);
  }
}
