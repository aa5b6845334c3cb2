import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SeedFact } from "../../grader/checks/context.js";
import type { SeedSpec } from "../../grader/lab/types.js";
import { packageVersion } from "../package-root.js";

// Seed facts cached on disk: building a seed (tar, gzip level 9) is most of what `labs check` costs, and the
// facts depend only on the seed, the learner's variant and this tool's version. A missing or unreadable entry is
// rebuilt; `labs grade` never uses the cache (a learner's home is theirs to edit).

// The seed facts of `seed` for `variant`, from `dir` when cached there, else built and cached.
export async function cachedSeedFacts(
  seed: SeedSpec,
  variant: string,
  dir: string,
): Promise<ReadonlyMap<string, SeedFact>> {
  const key = createHash("sha256")
    .update(JSON.stringify([packageVersion(), variant, seed]))
    .digest("hex")
    .slice(0, 32);
  const file = join(dir, `facts-${key}.json`);
  try {
    return new Map(JSON.parse(readFileSync(file, "utf8")) as [string, SeedFact][]);
  } catch {
    // The builder (tar, gzip) loads only on a miss: most runs of `labs check` never need it.
    const { seedFacts } = await import("./plan.js");
    const facts = seedFacts(seed, variant);
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify([...facts]));
      renameSync(`${file}.${process.pid}.tmp`, file);
    } catch {
      // A read-only home only loses the cache.
    }
    return facts;
  }
}
