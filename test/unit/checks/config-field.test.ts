import { beforeEach, describe, expect, it } from "vitest";
import { configField } from "../../../grader/checks/config-field.js";
import type { CheckKind } from "../../../grader/checks/kind.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import { parsePlatform } from "../../../grader/oci/platform.js";
import type { RuntimeConfig } from "../../../runner/seed/image-config.js";
import {
  type BuiltImage,
  buildImage,
  buildIndex,
  imageEntry,
  jsonBlob,
  toDescriptor,
} from "../../../runner/seed/index.js";
import { createFixture, type Fixture, PREFIX, problemsOf, push, runKind } from "./content-fixtures.js";

const kind = configField as unknown as CheckKind<unknown>;
const files = [
  [{ type: "file" as const, path: "hello.txt", content: "hello, OCI\n" }],
  [{ type: "file" as const, path: "b", content: "b" }],
];
const image = (config: RuntimeConfig, platform = "linux/amd64") =>
  buildImage({ flavour: "oci", platform: parsePlatform(platform), layers: files.map((f) => ({ files: f })), config });

/** The parts of a config JSON the tests edit. */
type Config = { architecture: string; rootfs: { diff_ids: string[] } };

// Re-publishes `built` under `tag` with its config JSON changed by `edit` (and optional manifest annotations).
function withConfig(
  fx: Fixture,
  built: BuiltImage,
  tag: string,
  edit: (config: Config) => void,
  annotations?: Record<string, string>,
) {
  push(fx, "byhand", built);
  const config = JSON.parse(new TextDecoder().decode(built.config.bytes));
  edit(config);
  const blob = jsonBlob(MediaType.ociConfig, config);
  fx.source.putBlob(`${PREFIX}/byhand`, blob.bytes);
  const manifest = JSON.parse(new TextDecoder().decode(built.manifest.bytes));
  const bytes = jsonBlob(MediaType.ociManifest, {
    ...manifest,
    config: toDescriptor(blob),
    ...(annotations ? { annotations } : {}),
  }).bytes;
  fx.source.putManifest(`${PREFIX}/byhand`, bytes, { mediaType: MediaType.ociManifest, tag });
}

describe("config-field", () => {
  let fx: Fixture;
  const run = (fields: Record<string, unknown>) => runKind(kind, fx, { ref: "byhand:v1", ...fields });
  beforeEach(() => {
    fx = createFixture();
  });

  describe("the command (lab 5)", () => {
    it("passes Cmd in exec form", async () => {
      push(fx, "byhand", image({ Cmd: ["cat", "/hello.txt"] }), "v1");
      expect((await run({ field: "Cmd", equals: ["cat", "/hello.txt"] })).status).toBe("pass");
    });

    it("accepts Entrypoint + Cmd when the check reads the command a runtime executes", async () => {
      push(fx, "byhand", image({ Entrypoint: ["cat"], Cmd: ["/hello.txt"] }), "v1");
      expect((await run({ field: "command", equals: ["cat", "/hello.txt"] })).status).toBe("pass");
      const cmdOnly = await run({ field: "Cmd", equals: ["cat", "/hello.txt"] });
      expect(cmdOnly.status).toBe("fail");
      expect(cmdOnly.diagnosis).toContain("Entrypoint and Cmd together make the expected command");
    });

    it.each([
      ["shell form", { Cmd: ["/bin/sh", "-c", "cat /hello.txt"] }, "shell form"],
      ["one element", { Cmd: ["cat /hello.txt"] }, "single array element"],
      ["the command in Entrypoint", { Entrypoint: ["cat", "/hello.txt"] }, "in Entrypoint, not in Cmd"],
    ])("recognises %s", async (_name, config, words) => {
      push(fx, "byhand", image(config), "v1");
      const result = await run({ field: "Cmd", equals: ["cat", "/hello.txt"] });
      expect(result.status).toBe("fail");
      expect(result.diagnosis).toContain(words);
      expect(result.expected).toBe('equals ["cat","/hello.txt"]');
    });
  });

  describe("labels and environment", () => {
    const config = { Env: ["PATH=/usr/bin", "GREETING=hi"], Labels: { "org.opencontainers.image.title": "byhand" } };

    it("reads one label (keys with dots) and one variable", async () => {
      push(fx, "byhand", image(config), "v1");
      expect((await run({ field: "Labels.org.opencontainers.image.title", equals: "byhand" })).status).toBe("pass");
      expect((await run({ field: "Env.GREETING", equals: "hi" })).status).toBe("pass");
      expect((await run({ field: "Env", contains: "GREETING=hi" })).status).toBe("pass");
      expect((await run({ field: "Labels", contains: "org.opencontainers.image.title" })).status).toBe("pass");
    });

    it("recognises a label key in another case, and a label written as a manifest annotation", async () => {
      push(fx, "byhand", image({ Labels: { "org.opencontainers.image.Title": "byhand" } }), "v1");
      expect((await run({ field: "Labels.org.opencontainers.image.title", equals: "byhand" })).diagnosis).toContain(
        "There is a label `org.opencontainers.image.Title`",
      );
      withConfig(fx, image({}), "annotated", () => {}, { "org.opencontainers.image.title": "byhand" });
      const result = await run({
        ref: "byhand:annotated",
        field: "Labels.org.opencontainers.image.title",
        equals: "byhand",
      });
      expect(result.diagnosis).toContain("labels live in the image config, annotations in the manifest");
    });

    it("recognises a variable name in another case, or set to another value", async () => {
      push(fx, "byhand", image({ Env: ["greeting=hi"] }), "v1");
      expect((await run({ field: "Env.GREETING", equals: "hi" })).diagnosis).toContain("case-sensitive");
      push(fx, "byhand", image({ Env: ["GREETING=hello"] }), "v2");
      const other = await run({ ref: "byhand:v2", field: "Env", contains: "GREETING=hi" });
      expect(other.diagnosis).toContain("set, but to another value");
    });

    it("checks presence, absence, a pattern and a length", async () => {
      push(fx, "byhand", image({ ...config, ExposedPorts: { "8080/tcp": {} } }), "v1");
      expect((await run({ field: "User", absent: true })).status).toBe("pass");
      expect((await run({ field: "Env", length: 2 })).status).toBe("pass");
      expect((await run({ field: "Env", matches: "^GREETING=h" })).status).toBe("pass");
      expect((await run({ field: "ExposedPorts", contains: "8080/tcp" })).status).toBe("pass");
      expect((await run({ field: "history", length: 2 })).status).toBe("pass");
      const set = await run({ field: "Labels", absent: true });
      expect([set.status, set.expected]).toEqual(["fail", "is absent"]);
    });
  });

  describe("platform fields", () => {
    it("reads the config of the entry for another host platform (arm64)", async () => {
      push(
        fx,
        "byhand",
        buildIndex({
          flavour: "oci",
          entries: [imageEntry(image({}, "linux/amd64")), imageEntry(image({}, "linux/arm64/v8"))],
        }),
        "v1",
      );
      expect((await run({ platform: "linux/arm64", field: "architecture", equals: "arm64" })).status).toBe("pass");
      expect((await run({ platform: "linux/arm64", field: "variant", equals: "v8" })).status).toBe("pass");
    });

    it("recognises a kernel architecture name", async () => {
      withConfig(fx, image({}), "v1", (c) => {
        c.architecture = "x86_64";
      });
      const result = await run({ field: "architecture", equals: "amd64" });
      expect(result.diagnosis).toContain("Go's names (`amd64`)");
    });
  });

  describe("rootfs.diff_ids against the layers", () => {
    it("passes DiffIDs computed by streaming each layer", async () => {
      push(fx, "byhand", image({}), "v1");
      expect((await run({ field: "rootfs.diff_ids", matchesLayers: true })).status).toBe("pass");
    });

    it.each([
      [
        "compressed digests",
        (c: Config, m: BuiltImage) => (c.rootfs.diff_ids = m.layers.map((l) => l.digest)),
        "compressed layer blob",
      ],
      ["reversed", (c: Config) => c.rootfs.diff_ids.reverse(), "another layer"],
      ["one missing", (c: Config) => c.rootfs.diff_ids.pop(), "has 1 entries for 2 layers"],
    ])("recognises DiffIDs that are %s", async (_name, edit, words) => {
      const built = image({});
      withConfig(fx, built, "v1", (c) => edit(c, built));
      const result = await run({ field: "rootfs.diff_ids", matchesLayers: true });
      expect(result.status).toBe("fail");
      expect(`${result.summary} ${result.diagnosis}`).toContain(words);
    });
  });

  it.each([
    [{ field: "Cmd" }, "give exactly one of"],
    [{ field: "Cmd", equals: [], absent: true }, "give exactly one of"],
    [{ field: "Colour", equals: "x" }, "`field` is one of"],
    [{ field: "Cmd", matchesLayers: true }, "applies to `field: rootfs.diff_ids`"],
    [{ field: "Env", matches: "(" }, "valid regular expression"],
    [{ field: "Env", absent: false }, "takes the value true"],
  ])("rejects an invalid check %#", (fields, message) => {
    expect(problemsOf(kind, { ref: "a:v1", ...fields }).join("\n")).toContain(message);
  });
});
