import { startBenchBackend } from "./backend";
import { startBareProxy } from "./bare-proxy";

/** Child entry of the bench: `backend <bytes>` or `bare-proxy <target URL>`, each in its own process. */
async function main() {
  const [kind, argument] = process.argv.slice(2);
  const server = kind === "backend" ? await startBenchBackend(Number(argument)) : await startBareProxy(argument);
  console.log(`listening at ${server.url}`);
  process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
}

void main();
