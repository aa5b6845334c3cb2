import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { LabsError } from "../errors.js";
import { packageRoot } from "../package-root.js";

// This labs version as an npm tarball (`npm pack`, lifecycle scripts off: the built files ship as they are).
export async function packTarball(): Promise<{ name: string; bytes: Uint8Array }> {
  const dir = await mkdtemp(join(tmpdir(), "labs-pack-"));
  try {
    const run = await execa("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
      cwd: packageRoot(),
      reject: false,
      timeout: 120_000,
    });
    if (run.exitCode !== 0)
      throw new LabsError(
        "ENVIRONMENT",
        `npm pack failed: ${run.stderr.trim().split("\n").at(-1)}`,
        "Check that npm works here.",
      );
    const filename = (JSON.parse(run.stdout) as { filename: string }[])[0]?.filename;
    if (!filename) throw new LabsError("ENVIRONMENT", "npm pack wrote no tarball.", "Check that npm works here.");
    return { name: filename, bytes: await readFile(join(dir, filename)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
