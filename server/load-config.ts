import { ensureSecretKey } from "./secret-key";

/**
 * The process's configuration for an entry point: generates the embedded SECRET_KEY when unset,
 * then parses; a bad variable ends the process with one line per problem, never a stack trace.
 */
export async function loadConfigOrExit() {
  ensureSecretKey(process.env);
  const { config, ConfigError } = await import("@/lib/config");
  try {
    return config();
  } catch (error) {
    if (error instanceof ConfigError) {
      const { printForHumans } = await import("@/lib/log");
      printForHumans("stderr", error.message);
      process.exit(1);
    }
    throw error;
  }
}
