import { mkdir, rm } from "node:fs/promises";
import type { Layout } from "./layout.js";

// Creates the root's directories and removes what an interrupted process left: temporary files and upload
// sessions (their clients must start the upload again). Call only while holding the root lock.
export async function prepareRoot(layout: Layout): Promise<void> {
  await Promise.all([
    rm(layout.tmpDir, { recursive: true, force: true }),
    rm(layout.uploadsDir, { recursive: true, force: true }),
  ]);
  await Promise.all(
    [layout.blobsDir, layout.repositoriesDir, layout.uploadsDir, layout.tmpDir].map((dir) =>
      mkdir(dir, { recursive: true }),
    ),
  );
}
