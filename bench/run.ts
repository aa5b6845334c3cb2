// Runs every benchmark in turn (`npm run bench`), or those named: `npm run bench -- grading/bulk cli-latency`.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ALL = ["start-latency", "cli-latency", "grading/run", "grading/bulk", "embedded/run", "watch-latency"];
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL;
let failed = 0;
for (const name of chosen) {
  if (!ALL.includes(name)) {
    console.error(`unknown benchmark "${name}" (known: ${ALL.join(", ")})`);
    process.exit(2);
  }
  console.log(`\n== ${name}`);
  const run = spawnSync(process.execPath, [join(import.meta.dirname, `${name}.js`)], { stdio: "inherit" });
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
