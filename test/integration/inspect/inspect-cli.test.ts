import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SeedSpec } from "../../../grader/lab/types.js";
import { digestHex } from "../../../grader/oci/digest.js";
import { loadLab } from "../../../runner/lab-file/catalog.js";
import type { Built, BuiltImage, BuiltIndex } from "../../../runner/seed/built.js";
import { buildSeed } from "../../../runner/seeding/build.js";
import { seedLab } from "../../../runner/seeding/push.js";
import { writeState } from "../../../runner/state/state.js";
import { BACKENDS, type TestRegistry } from "../../support/registries.js";
import { assertRequirement, requireCommand, skipUnless } from "../../support/requirements.js";
import { runLabs, tempLabsHome } from "../../support/run-cli.js";

// `labs inspect` and `labs whatis` through the built CLI (`npm run build` first), on the embedded registry
// seeded with lab 9 plus an SBOM referrer of `src/app:v1`, and with one layer of `v1-legacy` deleted.
// Expected digests come from the deterministic seed builder, never from literals.

const SBOM = "application/vnd.example.sbom+json";
const embedded = BACKENDS.find((k) => k.name === "embedded");
const home = tempLabsHome();
let registry: TestRegistry;
let objects: ReadonlyMap<string, Built>;

const short = (digest: string) => `sha256:${digestHex(digest as never).slice(0, 12)}…`;
const image = (name: string) => objects.get(name) as BuiltImage;
const index = (name: string) => objects.get(name) as BuiltIndex;
const labs = (...args: string[]) => runLabs(home, args);

beforeAll(async () => {
  if (!embedded) throw new Error("test/support/registries.ts has no embedded registry");
  registry = await embedded.start();
  const lab = await loadLab(9, process.env);
  const seed: SeedSpec = {
    ...lab.seed,
    artifacts: {
      sbom: { artifactType: SBOM, subject: "app_v1", layers: [{ mediaType: "application/json", content: "{}" }] },
    },
    damage: [{ action: "delete-blob", repository: "src/app", target: "legacy_armv7", blob: 0 }],
  };
  await seedLab(registry.url, "lab09", seed);
  objects = buildSeed(seed);
  const startedAt = new Date().toISOString();
  await writeState(join(home, "state.json"), {
    schemaVersion: 1,
    current: 9,
    registry: {
      kind: "remote",
      url: registry.url,
      hostPort: registry.hostPort,
      id: registry.url,
      capabilities: {},
      startedAt,
    },
    labs: { "9": { startedAt, prefix: "lab09", checks: 0 } },
  });
});

afterAll(async () => {
  await registry?.[Symbol.asyncDispose]();
  await rm(home, { recursive: true, force: true });
});

describe("labs inspect (built CLI, embedded registry)", { timeout: 120_000 }, () => {
  it("prints the tree: index, both platforms, attestations, configs, layers and the referrer", async () => {
    const run = await labs("inspect", "lab09/src/app:v1");
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`OCI index  ${short(index("app_v1").manifest.digest)}`);
    for (const [name, platform] of [
      ["app_amd64", "linux/amd64"],
      ["app_arm64", "linux/arm64/v8"],
    ] as const) {
      const built = image(name);
      expect(run.stdout).toContain(`${platform}  OCI manifest  ${short(built.manifest.digest)}`);
      expect(run.stdout).toContain(`config  OCI config  ${short(built.config.digest)}`);
      for (const layer of built.layers) expect(run.stdout).toContain(`layer tar+gzip  ${short(layer.digest)}`);
      expect(run.stdout).toContain(`attestation  OCI manifest for ${short(built.manifest.digest)} (${platform})`);
    }
    expect(run.stdout).toContain(
      `referrer  ${SBOM} (OCI manifest)  ${short(objects.get("sbom")?.manifest.digest ?? "")}`,
    );
    expect(run.stdout).not.toContain("✘");
  });

  it("accepts the full registry address and prints whole digests with --full", async () => {
    const run = await labs(
      "inspect",
      `${registry.hostPort}/lab09/src/app@${index("app_v1").manifest.digest}`,
      "--full",
    );
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(image("app_arm64").layers[1]?.digest);
  });

  it("shows the deleted layer as missing with what to do, and still exits 0", async () => {
    const run = await labs("inspect", "lab09/src/app:v1-legacy");
    expect(run.exitCode).toBe(0);
    const layer = image("legacy_armv7").layers[0]?.digest ?? "";
    expect(run.stdout).toMatch(new RegExp(`layer 0  Docker layer tar\\+gzip  ${short(layer)}  .*✘ MISSING`));
    expect(run.stdout).toContain("skopeo copy --all");
    expect(run.stdout).toContain(`linux/arm/v7  Docker manifest  ${short(image("legacy_armv7").manifest.digest)}`);
  });

  it("writes JSON with exact sizes and whole digests", async () => {
    const graph = JSON.parse((await labs("inspect", "lab09/src/app:v1", "--json")).stdout);
    expect(graph.root).toBe(index("app_v1").manifest.digest);
    const config = image("app_amd64").config;
    expect(graph.nodes.find((n: { digest: string }) => n.digest === config.digest)?.size).toBe(config.size);
  });

  it("writes Mermaid to a file with -o", async () => {
    const file = join(home, "graph.mmd");
    const run = await labs("inspect", "lab09/src/app:v1", "--format", "mermaid", "-o", file);
    expect(run.stdout).toContain("Wrote the mermaid");
    expect((await readFile(file, "utf8")).split("\n")[0]).toBe("flowchart TD");
  });

  it.each([
    [["inspect", "lab09/src/app:nope"], /Tags in `lab09\/src\/app`: `v1`, `v1-legacy`/],
    [["inspect", "docker.io/library/alpine:3"], /not the lab registry/],
    [["inspect", "lab09/src/app:v1", "--format", "png"], /Unknown format "png"/],
  ])("refuses %j with exit 2 and what to do", async (args, message) => {
    const run = await labs(...args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

const graphviz = requireCommand("dot", ["-V"]);
describe.skipIf(skipUnless(graphviz))("labs inspect --format dot (graphviz)", { timeout: 120_000 }, () => {
  beforeAll(() => assertRequirement(graphviz));

  it("writes DOT that `dot -Tsvg` renders", async () => {
    const file = join(home, "graph.dot");
    expect((await labs("inspect", "lab09/src/app:v1-legacy", "--format", "dot", "-o", file)).exitCode).toBe(0);
    const rendered = await execa("dot", ["-Tsvg", file], { reject: false });
    expect(rendered.stderr).toBe("");
    expect(rendered.exitCode).toBe(0);
    expect(rendered.stdout).toContain("MISSING");
  });
});

const rsvg = requireCommand("rsvg-convert", ["--version"]);
describe.skipIf(skipUnless(rsvg))("labs inspect --format svg (rsvg-convert)", { timeout: 120_000 }, () => {
  beforeAll(() => assertRequirement(rsvg));

  it("writes a well-formed SVG that renders to a PNG", async () => {
    const file = join(home, "graph.svg");
    expect((await labs("inspect", "lab09/src/app:v1", "--format", "svg", "-o", file)).exitCode).toBe(0);
    const png = join(home, "graph.png");
    const rendered = await execa("rsvg-convert", [file, "-o", png], { reject: false });
    expect(rendered.stderr).toBe("");
    expect(rendered.exitCode).toBe(0);
    expect((await readFile(png)).subarray(1, 4).toString("latin1")).toBe("PNG");
    const broken = join(home, "broken.svg");
    await execa("sh", ["-c", `sed 's#</svg>##' ${file} > ${broken}`]);
    expect((await execa("rsvg-convert", [broken, "-o", png], { reject: false })).exitCode).not.toBe(0);
  });
});

describe("labs whatis (built CLI, embedded registry)", { timeout: 120_000 }, () => {
  const whatis = async (text: string) => {
    const run = await labs("whatis", text, "--json");
    expect(run.stderr).toBe("");
    return { exitCode: run.exitCode, answer: JSON.parse(run.stdout) };
  };

  it("classifies an index, a child manifest, a config and a layer, searching the registry's catalog", async () => {
    const amd64 = image("app_amd64");
    const root = await whatis(index("app_v1").manifest.digest);
    expect(root.answer).toMatchObject({ kind: "index", scope: "catalog" });
    expect(root.answer.where).toEqual(["lab09/src/app:v1 (the tag itself)"]);
    const child = await whatis(amd64.manifest.digest);
    expect(child.answer.kind).toBe("manifest");
    expect(child.answer.summary).toContain("linux/amd64");
    const config = await whatis(amd64.config.digest);
    expect(config.answer.kind).toBe("config");
    expect(config.answer.summary).toContain(short(amd64.manifest.digest));
    const layer = await whatis(amd64.layers[1]?.digest ?? "");
    expect(layer.answer.kind).toBe("layer");
    expect(layer.exitCode).toBe(0);
  });

  it("explains a DiffID, expands a 12-character prefix, and knows nothing of an unknown digest", async () => {
    const amd64 = image("app_amd64");
    const diffId = await whatis(amd64.diffIds[0] ?? "");
    expect(diffId.answer.kind).toBe("diffid");
    expect(diffId.answer.note).toContain(amd64.layers[0]?.digest);
    const prefix = await whatis(digestHex(amd64.config.digest).slice(0, 12));
    expect(prefix.answer).toMatchObject({ kind: "config", digest: amd64.config.digest });
    const unknown = await whatis(`sha256:${"0".repeat(64)}`);
    expect(unknown.answer.kind).toBe("unknown");
    expect(unknown.exitCode).toBe(1);
  });

  it("prints sentences without --json, and refuses something that is not a digest", async () => {
    const run = await labs("whatis", image("app_arm64").diffIds[1] ?? "");
    expect(run.stdout).toMatch(/is a DiffID, not a blob/);
    expect(run.stdout).toContain("Reached from:");
    const bad = await labs("whatis", "not-a-digest");
    expect(bad.exitCode).toBe(2);
  });
});
