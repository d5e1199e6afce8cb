import { writeFileSync } from "node:fs";
import { keepServingWithoutOutput } from "../../server/lifecycle";

/**
 * A process whose reader goes away: it says "ready", and on SIGUSR2 (sent once the parent has closed
 * its end of stdout and stderr) writes to both, then records in the file named by argv[3] how many
 * uncaught errors it saw. Reports them on stderr as Next's handler does. argv[2] = "guarded" applies
 * keepServingWithoutOutput first.
 */
let uncaught = 0;
process.on("uncaughtException", (error) => {
  uncaught += 1;
  if (uncaught < 1000) console.error(error);
});
if (process.argv[2] === "guarded") keepServingWithoutOutput();
process.on("SIGUSR2", () => {
  for (let i = 0; i < 10; i++) {
    console.log(`line ${i}`);
    console.error(`line ${i}`);
  }
  setTimeout(() => {
    writeFileSync(process.argv[3], String(uncaught));
    process.exit(0);
  }, 300);
});
console.log("ready");
setInterval(() => {}, 1000);
