import { existsSync, writeFileSync } from "node:fs";
import { parentPort } from "node:worker_threads";
// Starts serving when loaded; it says it listens only after an await, by when the hook below is in place.
import "../../server/gateway-worker";

/**
 * The embedded gateway's worker entry, made to die the first time it runs (per marker file, named in
 * PORTCULLIS_TEST_DIE_ONCE): a moment after it says it listens, it throws, as a bug in the data plane would.
 */
const marker = process.env.PORTCULLIS_TEST_DIE_ONCE;
if (!marker) throw new Error("PORTCULLIS_TEST_DIE_ONCE must name a marker file");
const port = parentPort!;
const post = port.postMessage.bind(port);
port.postMessage = (message: { type?: string }) => {
  post(message);
  if (message?.type === "listening" && !existsSync(marker)) {
    writeFileSync(marker, "");
    setTimeout(() => {
      throw new Error("the gateway thread died (on purpose, in a test)");
    }, 200);
  }
};
