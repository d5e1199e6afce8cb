import { ValidationError } from "@/lib/errors";

/** One thing wrong with a definition; `line` is 1-based in the text the user gave, when known. */
export type DefinitionProblem = { line: number | null; message: string };

/**
 * A definition that cannot be used, named on the field it came from. Each message starts with
 * "line N:" when the line is known, so every surface (problem+json, forms, the editor) can point at it.
 */
export class DefinitionError extends ValidationError {
  constructor(
    readonly problems: DefinitionProblem[],
    field = "definition",
  ) {
    const messages = problems.map(formatProblem);
    super(`${field}: ${messages[0] ?? "invalid definition"}`, { [field]: messages });
  }
}

export function formatProblem(problem: DefinitionProblem): string {
  return problem.line === null ? problem.message : `line ${problem.line}: ${problem.message}`;
}

/** The inverse of formatProblem, for editors that get the messages back from a form. */
export function parseProblem(message: string): DefinitionProblem {
  const match = /^line (\d+): ([\s\S]*)$/.exec(message);
  return match ? { line: Number(match[1]), message: match[2] } : { line: null, message };
}
