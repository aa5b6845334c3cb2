import { beforeEach, describe, expect, it } from "vitest";
import { answer } from "../../../grader/checks/answer.js";
import type { CheckKind } from "../../../grader/checks/kind.js";
import { digestOf } from "../../../grader/oci/digest.js";
import { parsePlatform } from "../../../grader/oci/platform.js";
import type { CheckResult } from "../../../grader/report.js";
import { buildImage, buildIndex, chainIds, imageEntry } from "../../../runner/seed/index.js";
import { allText, createFixture, type Fixture, problemsOf, push, runKind } from "./content-fixtures.js";

const kind = answer as unknown as CheckKind<unknown>;
const file = (path: string, content: string) => ({ type: "file" as const, path, content });
const hello = (platform = "linux/amd64") =>
  buildImage({
    flavour: "oci",
    platform: parsePlatform(platform),
    created: "2024-01-01T00:00:00Z",
    layers: [
      { files: [file("etc/os-release", "ID=labos\n")] },
      { files: [file("app/hello.txt", `hello from ${platform}\n`)] },
    ],
    config: {
      Env: ["PATH=/usr/bin", "GREETING=hi"],
      Cmd: ["/app/hello"],
      Labels: { "org.opencontainers.image.version": "1.0.0" },
    },
  });
const leaky = buildImage({
  flavour: "oci",
  platform: parsePlatform("linux/amd64"),
  layers: [
    { files: [file("etc/os-release", "ID=labos\n")] },
    { files: [{ type: "dir", path: "app" }, file("app/config.ini", "token=S3CR3T-4242\nmode=debug\n")] },
    { files: [{ type: "dir", path: "app" }, { type: "whiteout", path: "app/config.ini" }, file("app/VERSION", "2\n")] },
  ],
});

// Asserts that no learner-facing text holds the secret or 12 of its hex characters in a row.
function expectHidden(result: CheckResult, secret: string): void {
  const text = allText(result);
  expect(text).not.toContain(secret);
  const hex = secret.replace(/^sha256:/, "");
  for (let i = 0; i + 12 <= hex.length; i++) expect(text).not.toContain(hex.slice(i, i + 12));
}

describe("answer", () => {
  let fx: Fixture;
  const ask = (key: string, value: unknown, fields: Record<string, unknown>) => {
    fx.answers.set(key, value as never);
    return runKind(kind, fx, { key, ...fields });
  };

  describe.each(["linux/amd64", "linux/arm64/v8"])("lab 1 on a %s image: walk the graph", (platform) => {
    const image = hello(platform);
    beforeEach(() => {
      fx = createFixture();
      push(fx, "hello", image, "v1");
    });
    const ref = { ref: "hello:v1" };

    it("accepts every right answer", async () => {
      const right: [string, unknown, Record<string, unknown>][] = [
        ["manifest_digest", image.manifest.digest, { field: "digest" }],
        ["manifest_media_type", "application/vnd.oci.image.manifest.v1+json", { field: "mediaType" }],
        ["image_id", image.config.digest, { field: "configDigest" }],
        ["layer_count", 2, { field: "layerCount" }],
        ["layer_digests", image.layers.map((l) => l.digest), { field: "layerDigests", ordered: true }],
        ["diff_ids", image.diffIds, { field: "diffIds", ordered: true }],
        ["compressed_size_total", image.layers[0]!.size + image.layers[1]!.size, { field: "compressedSize" }],
        ["greeting", "hi", { field: "env", name: "GREETING" }],
      ];
      for (const [key, value, fields] of right)
        expect((await ask(key, value, { ...ref, ...fields })).status, key).toBe("pass");
    });

    it("names the image ID given for the manifest digest, and the reverse, without showing the truth", async () => {
      const swapped = await ask("manifest_digest", image.config.digest, { ...ref, field: "digest" });
      expect(swapped.status).toBe("fail");
      expect(swapped.diagnosis).toContain("the config digest (the image ID)");
      expect(swapped.diagnosis).toContain(`\`${platform}\``);
      expect(swapped.expected).toBeUndefined();
      expectHidden(swapped, image.manifest.digest);
      const reverse = await ask("image_id", image.manifest.digest, { ...ref, field: "configDigest" });
      expect(reverse.diagnosis).toContain("the digest of the image manifest");
      expect(reverse.hint).toContain("`config.digest`");
      expectHidden(reverse, image.config.digest);
    });

    it("names layer digests and DiffIDs given for each other (lists in order)", async () => {
      const result = await ask(
        "diff_ids",
        image.layers.map((l) => l.digest),
        { ...ref, field: "diffIds", ordered: true },
      );
      expect(result.diagnosis).toBe(
        "Your list holds compressed layer blob digests, but the question asks for DiffIDs (uncompressed layer digests).",
      );
      const reordered = await ask("layer_digests", [...image.layers.map((l) => l.digest)].reverse(), {
        ...ref,
        field: "layerDigests",
        ordered: true,
      });
      expect(reordered.diagnosis).toContain("wrong order");
      const single = await ask("d1", image.layers[1]!.digest, { ...ref, field: "diffId", layer: 1 });
      expect(single.diagnosis).toContain("the compressed blob digest of layer 1");
      expectHidden(single, image.diffIds[1]!);
    });

    it.each([
      ["indented by 2", (v: unknown) => JSON.stringify(v, null, 2)],
      ["indented by 3 (docker manifest inspect)", (v: unknown) => JSON.stringify(v, null, 3)],
      ["indented by 4 with a newline", (v: unknown) => `${JSON.stringify(v, null, 4)}\n`],
      ["with a trailing newline", (v: unknown) => `${JSON.stringify(v)}\n`],
    ])("recognises the hash of the manifest %s", async (_name, render) => {
      const value = JSON.parse(new TextDecoder().decode(image.manifest.bytes));
      const result = await ask("manifest_digest", digestOf(render(value)), { ...ref, field: "digest" });
      expect(result.diagnosis).toContain("re-formatted");
      expectHidden(result, image.manifest.digest);
    });

    it.each([
      ["upper-case hex", (d: string) => d.toUpperCase().replace("SHA256", "sha256"), "upper-case"],
      ["no sha256: prefix", (d: string) => d.slice(7), "lacks the algorithm prefix"],
      ["12 hex characters, as docker images shows", (d: string) => d.slice(7, 19), "shortened to 12 hex characters"],
      ["a trailing newline", (d: string) => `${d}\n`, "spaces or a newline"],
    ])("recognises a digest with %s", async (_name, mangle, words) => {
      const result = await ask("image_id", mangle(image.config.digest), { ...ref, field: "configDigest" });
      expect(result.status).toBe("fail");
      expect(result.diagnosis).toContain(words);
    });

    it("says a digest of unknown bytes is none of the image's objects (an error page hashed)", async () => {
      const result = await ask("manifest_digest", digestOf('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'), {
        ...ref,
        field: "digest",
      });
      expect(result.diagnosis).toContain("none of the objects of this image");
      expect(result.actual).toBe("another digest");
    });

    it("recognises a near-miss text without quoting it", async () => {
      const result = await ask("greeting", "HI", { ...ref, field: "env", name: "GREETING" });
      expect(result.diagnosis).toContain("upper and lower case");
      expect(allText(result)).not.toContain('"hi"');
    });
  });

  describe("lab 3: layers, whiteouts and ChainIDs", () => {
    beforeEach(() => {
      fx = createFixture();
      push(fx, "leaky", leaky, "v1");
    });
    const ref = { ref: "leaky:v1" };

    it("computes every answer from the layers (index, token, digests, whiteouts, ChainID, rootfs)", async () => {
      const right: [string, unknown, Record<string, unknown>][] = [
        ["secret_layer_index", 1, { field: "fileLayer", path: "/app/config.ini" }],
        ["token", "S3CR3T-4242", { field: "fileContent", path: "app/config.ini", layer: 1, extract: "^token=(.*)$" }],
        ["secret_layer_digest", leaky.layers[1]!.digest, { field: "layerDigest", layer: 1 }],
        ["secret_layer_diff_id", leaky.diffIds[1], { field: "diffId", layer: 1 }],
        ["whiteout_entries", ["./app/.wh.config.ini"], { field: "whiteouts" }],
        ["top_chain_id", leaky.chainIds[2], { field: "chainId", layer: "top" }],
        ["config_ini_in_final_rootfs", "False", { field: "fileInRootfs", path: "app/config.ini" }],
      ];
      for (const [key, value, fields] of right)
        expect((await ask(key, value, { ...ref, ...fields })).status, key).toBe("pass");
    });

    it("says a 1-based layer index is one too high", async () => {
      const result = await ask("secret_layer_index", 2, { ...ref, field: "fileLayer", path: "app/config.ini" });
      expect(result.hint).toContain("counted from 0");
    });

    it("recognises the compressed digest given as the DiffID", async () => {
      const result = await ask("secret_layer_diff_id", leaky.layers[1]!.digest, { ...ref, field: "diffId", layer: 1 });
      expect(result.diagnosis).toContain("compressed blob digest of layer 1");
      expect(result.hint).toContain("gzip -dc");
    });

    it.each([
      ["with echo (a trailing newline)", "echo", "ends with a newline"],
      ["without the sha256: prefixes", "unprefixed", "without the `sha256:` prefixes"],
    ] as const)("recognises a ChainID computed %s", async (_name, variant, words) => {
      const d = leaky.diffIds;
      const c1 = variant === "echo" ? digestOf(`${d[0]} ${d[1]}\n`) : digestOf(`${d[0]!.slice(7)} ${d[1]!.slice(7)}`);
      const c2 = variant === "echo" ? digestOf(`${c1} ${d[2]}\n`) : digestOf(`${c1.slice(7)} ${d[2]!.slice(7)}`);
      const result = await ask("top_chain_id", c2, { ...ref, field: "chainId", layer: "top" });
      expect(result.diagnosis).toContain(words);
      expectHidden(result, chainIds(leaky.diffIds)[2]!);
    });

    it("recognises a DiffID given for the top ChainID", async () => {
      const result = await ask("top_chain_id", leaky.diffIds[2], { ...ref, field: "chainId", layer: "top" });
      expect(result.diagnosis).toContain("the DiffID (uncompressed digest) of layer 2");
    });

    it("recognises the deleted path given for the whiteout entry", async () => {
      const result = await ask("whiteout_entries", ["app/config.ini"], { ...ref, field: "whiteouts" });
      expect(result.diagnosis).toContain("not the whiteout entry");
      expect(result.actual).toBe("1 item: 0 right, 1 not expected, 1 missing");
    });

    it("looked only at the merged filesystem: an empty token is not the secret, and nothing reveals it", async () => {
      const result = await ask("token", "", {
        ...ref,
        field: "fileContent",
        path: "app/config.ini",
        layer: 1,
        extract: "^token=(.*)$",
      });
      expect(result.status).toBe("fail");
      expect(result.diagnosis).toContain("a later layer whites it out, but its bytes are still in a lower layer blob");
      expect(allText(result)).not.toContain(".wh.");
      expectHidden(result, "S3CR3T-4242");
      const index = await ask("secret_layer_index", "null", { ...ref, field: "fileLayer", path: "app/config.ini" });
      expect(index.summary).toContain("is a text, but the question wants a number");
      expect(index.diagnosis).toContain("whites it out");
    });
  });

  describe("feedback, shapes and errors", () => {
    beforeEach(() => {
      fx = createFixture();
      push(fx, "hello", hello(), "v1");
    });

    it("says only right or wrong with feedback: coarse", async () => {
      const result = await ask("image_id", hello().manifest.digest, {
        ref: "hello:v1",
        field: "configDigest",
        feedback: "coarse",
      });
      expect(result.status).toBe("fail");
      expect([result.diagnosis, result.actual, result.expected]).toEqual([undefined, undefined, undefined]);
    });

    it("shows the expected value only where the lab allows it", async () => {
      fx.answers.set("layer_count", 3);
      const result = await runKind(kind, fx, {
        key: "layer_count",
        ref: "hello:v1",
        field: "layerCount",
        showExpected: "always",
      });
      expect([result.expected, result.actual]).toEqual(["2", "3"]);
    });

    it("asks for an answer that was not given", async () => {
      const result = await runKind(kind, fx, { key: "missing_key", ref: "hello:v1", field: "digest" });
      expect(result.summary).toBe("You have not answered `missing_key` yet.");
      expect(result.hint).toBe("Answer with `labs answer 99 missing_key VALUE`.");
    });

    it("names an answer of the wrong shape", async () => {
      const result = await ask("image_id", ["sha256:x"], { ref: "hello:v1", field: "configDigest" });
      expect(result.summary).toContain("is a list, but the question wants a digest");
    });

    it("reports error, not fail, when the object the answer is about is gone", async () => {
      const result = await ask("image_id", "sha256:x", { ref: "gone:v1", field: "configDigest" });
      expect(result.status).toBe("error");
      expect(result.summary).toContain("`gone:v1` does not exist");
    });

    it("reads the platform's image of an index", async () => {
      const arm = hello("linux/arm64/v8");
      push(fx, "hello", buildIndex({ flavour: "oci", entries: [imageEntry(hello()), imageEntry(arm)] }), "multi");
      expect(
        (await ask("arm_id", arm.config.digest, { ref: "hello:multi", platform: "linux/arm64", field: "configDigest" }))
          .status,
      ).toBe("pass");
      const index = await ask(
        "arm_md",
        buildIndex({ flavour: "oci", entries: [imageEntry(hello()), imageEntry(arm)] }).manifest.digest,
        {
          ref: "hello:multi",
          platform: "linux/arm64",
          field: "digest",
        },
      );
      expect(index.diagnosis).toContain("the digest of the index itself");
      expect(index.hint).toContain("that platform's entry in `manifests[]`");
    });
  });

  it.each([
    [{ key: "k", field: "digest" }, "needs `ref` or `seed`"],
    [{ key: "k", field: "diffId", ref: "a:v1" }, "needs `layer`"],
    [{ key: "k", field: "digest", ref: "a:v1", seed: "s" }, "not both"],
    [{ key: "other", field: "digest", ref: "a:v1" }, 'no answer is declared as "other"'],
    [{ key: "k", field: "colour", ref: "a:v1" }, "`field` is one of"],
    [{ key: "k", field: "digest", ref: "a:v1", path: "x" }, "takes no `path`"],
    [
      { key: "k", field: "statement", ref: "a:v1", platform: "linux/amd64", predicateType: "x", query: "a..b" },
      "`query` is a path",
    ],
    [{ key: "k", field: "uniqueBlobs", seed: "s", others: ["nope"] }, 'no seeded object is named "nope"'],
    [{ key: "k", field: "layoutBlobs", path: "/abs" }, "relative to the workspace"],
  ])("rejects an invalid check %#", (fields, message) => {
    expect(problemsOf(kind, fields, ["s"]).join("\n")).toContain(message);
  });
});
