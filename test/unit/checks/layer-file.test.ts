import { beforeEach, describe, expect, it } from "vitest";
import type { CheckKind } from "../../../grader/checks/kind.js";
import { layerFile } from "../../../grader/checks/layer-file.js";
import { digestOf } from "../../../grader/oci/digest.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import { parsePlatform } from "../../../grader/oci/platform.js";
import {
  buildArtifact,
  buildImage,
  buildIndex,
  gzip,
  imageEntry,
  jsonBlob,
  makeBlob,
  toDescriptor,
} from "../../../runner/seed/index.js";
import type { TarEntry } from "../../../runner/seed/tar.js";
import { archive, entry } from "../oci/tar-writer.js";
import { createFixture, type Fixture, PREFIX, problemsOf, push, runKind } from "./content-fixtures.js";

const kind = layerFile as unknown as CheckKind<unknown>;
const image = (files: TarEntry[][], platform = "linux/amd64", flavour: "oci" | "docker" = "oci") =>
  buildImage({ flavour, platform: parsePlatform(platform), layers: files.map((f) => ({ files: f })) });
const hello = (extra: Partial<TarEntry> = {}) =>
  ({ type: "file", path: "hello.txt", content: "hello, OCI\n", mode: 0o644, ...extra }) as TarEntry;
const LEAKY = image([
  [
    { type: "dir", path: "app" },
    { type: "file", path: "app/run.sh", content: "#!/bin/sh\n", mode: 0o755 },
  ],
  [
    { type: "dir", path: "app" },
    { type: "file", path: "app/config.ini", content: "token=S3CR3T\n" },
  ],
  [
    { type: "dir", path: "app" },
    { type: "whiteout", path: "app/config.ini" },
    { type: "file", path: "app/VERSION", content: "2\n" },
  ],
]);

// An OCI image whose single layer is exactly `tar` (gzip), tagged byhand:v1.
function pushTar(fx: Fixture, tar: Uint8Array): void {
  const layer = makeBlob(MediaType.ociLayerGzip, gzip(tar));
  const config = jsonBlob(MediaType.ociConfig, {
    architecture: "amd64",
    os: "linux",
    rootfs: { type: "layers", diff_ids: [digestOf(tar)] },
  });
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: toDescriptor(config),
    layers: [toDescriptor(layer)],
  };
  fx.source.putBlob(`${PREFIX}/byhand`, layer.bytes);
  fx.source.putBlob(`${PREFIX}/byhand`, config.bytes);
  fx.source.putManifest(`${PREFIX}/byhand`, jsonBlob(MediaType.ociManifest, manifest).bytes, {
    mediaType: MediaType.ociManifest,
    tag: "v1",
  });
}

describe("layer-file", () => {
  let fx: Fixture;
  const run = (fields: Record<string, unknown>) => runKind(kind, fx, fields);
  beforeEach(() => {
    fx = createFixture();
  });

  describe("one layer (lab 5: a hand-made image)", () => {
    const check = {
      ref: "byhand:v1",
      path: "/hello.txt",
      layer: 0,
      type: "file",
      content: "hello, OCI\n",
      mode: "0644",
      alone: true,
    };

    it("passes the right file, content and mode, alone in its layer (umoci writes `./` entries)", async () => {
      pushTar(
        fx,
        archive(entry({ name: "./", type: "5", mode: 0o755 }), entry({ name: "./hello.txt" }, "hello, OCI\n")),
      );
      const result = await run(check);
      expect(result.status).toBe("pass");
      expect(result.summary).toContain("mode 0644");
    });

    it("names a file archived under a directory prefix", async () => {
      push(fx, "byhand", image([[hello({ path: "rootfs/hello.txt" })]]), "v1");
      const result = await run(check);
      expect(result.status).toBe("fail");
      expect(result.diagnosis).toContain("`rootfs/hello.txt` instead of `hello.txt`");
    });

    it.each([
      ["without the trailing newline", "hello, OCI", "lacks the newline"],
      ["with CRLF", "hello, OCI\r\n", "CRLF"],
    ])("recognises content %s", async (_name, content, words) => {
      push(fx, "byhand", image([[hello({ content })]]), "v1");
      const result = await run(check);
      expect(result.status).toBe("fail");
      expect(result.summary).toContain("wrong content");
      expect(result.diagnosis).toContain(words);
    });

    it("recognises an executable bit that should not be there", async () => {
      push(fx, "byhand", image([[hello({ mode: 0o755 })]]), "v1");
      const result = await run(check);
      expect([result.expected, result.actual]).toEqual(["0644", "0755"]);
      expect(result.diagnosis).toContain("executable");
    });

    it("fails a layer that holds other files too", async () => {
      push(fx, "byhand", image([[hello(), { type: "file", path: "notes.md", content: "x" }]]), "v1");
      const result = await run(check);
      expect(result.status).toBe("fail");
      expect(result.actual).toBe("`/notes.md`");
    });

    it("says there is no such layer when the image has fewer", async () => {
      push(fx, "byhand", image([[hello()]]), "v1");
      expect((await run({ ...check, layer: 3 })).summary).toContain("has 1 layer, so there is no layer 3");
    });

    it("says which layer holds a file that is in another one", async () => {
      push(fx, "byhand", image([[{ type: "dir", path: "etc" }], [hello()]]), "v1");
      const result = await run({ ref: "byhand:v1", path: "hello.txt", layer: 0 });
      expect(result.diagnosis).toBe("It is in layer 1 instead.");
      expect((await run({ ref: "byhand:v1", path: "hello.txt", layer: "top" })).status).toBe("pass");
    });

    it("reads a Docker image and an uncompressed layer alike", async () => {
      push(fx, "byhand", image([[hello()]], "linux/amd64", "docker"), "docker");
      const plain = buildImage({
        flavour: "oci",
        platform: parsePlatform("linux/amd64"),
        layers: [{ files: [hello()], compression: "none" }],
      });
      push(fx, "byhand", plain, "plain");
      expect((await run({ ...check, ref: "byhand:docker" })).status).toBe("pass");
      expect((await run({ ...check, ref: "byhand:plain" })).status).toBe("pass");
    });

    it("fails, not errors, on a layer whose bytes are not the gzip its media type claims", async () => {
      const plain = buildImage({
        flavour: "oci",
        platform: parsePlatform("linux/amd64"),
        layers: [{ files: [hello()], compression: "none" }],
      });
      push(fx, "byhand", plain, "scratch");
      const manifest = JSON.parse(new TextDecoder().decode(plain.manifest.bytes));
      manifest.layers[0].mediaType = MediaType.ociLayerGzip;
      const lying = jsonBlob(MediaType.ociManifest, manifest);
      fx.source.putManifest(`${PREFIX}/byhand`, lying.bytes, { mediaType: MediaType.ociManifest, tag: "v1" });
      const result = await run(check);
      expect(result.status).toBe("fail");
      expect(result.summary).toContain("cannot be read");
    });

    it("says an OCI artifact is not an image", async () => {
      const artifact = buildArtifact({
        artifactType: "text/plain",
        layers: [{ blob: makeBlob("text/plain", "hello, OCI\n") }],
      });
      push(fx, "byhand", artifact, "v1");
      const result = await run(check);
      expect(result.status).toBe("fail");
      expect(result.summary).toContain("is an artifact");
    });

    it("errors, never passes or fails, when a layer is over the decompression bound", async () => {
      push(fx, "byhand", image([[hello({ content: "x".repeat(200_000) })]]), "v1");
      fx.limits = { ...fx.limits, maxDecompressedBytes: 10_000 };
      const result = await run({ ref: "byhand:v1", path: "hello.txt", layer: 0 });
      expect(result.status).toBe("error");
      expect(result.summary).toContain("maxDecompressedBytes");
    });
  });

  describe("whiteouts (lab 3: a secret deleted in a later layer)", () => {
    beforeEach(() => push(fx, "leaky", LEAKY, "v1"));

    it("does not see a whited-out file in the merged filesystem", async () => {
      const result = await run({ ref: "leaky:v1", path: "app/config.ini", absent: true });
      expect(result.status).toBe("pass");
      expect(result.summary).toContain("layer 2 deletes it");
    });

    it("finds its bytes in a lower layer: the bytes are still in layer 1", async () => {
      const result = await run({ ref: "leaky:v1", path: "app/config.ini", layer: "any", absent: true });
      expect(result.status).toBe("fail");
      expect(result.diagnosis).toContain("the bytes are still in layer 1");
      expect(result.diagnosis).toContain("`app/.wh.config.ini`");
    });

    it("explains a file expected in the filesystem that a later layer deletes", async () => {
      const result = await run({ ref: "leaky:v1", path: "app/config.ini" });
      expect(result.status).toBe("fail");
      expect(result.diagnosis).toContain("It is in layer 1, but layer 2 deletes it");
    });

    it("reads the top layer first and stops there when it has the path", async () => {
      expect((await run({ ref: "leaky:v1", path: "app/VERSION", content: "2\n" })).status).toBe("pass");
      expect(fx.source.count("blobStream", LEAKY.layers[2]!.digest)).toBe(1);
      expect(fx.source.count("blobStream", LEAKY.layers[1]!.digest)).toBe(0);
      expect(fx.source.count("blobStream", LEAKY.layers[0]!.digest)).toBe(0);
    });

    it("reads content and mode through the layers (top layer wins)", async () => {
      expect((await run({ ref: "leaky:v1", path: "app/run.sh", mode: "0755", content: "#!/bin/sh\n" })).status).toBe(
        "pass",
      );
      expect((await run({ ref: "leaky:v1", path: "app/config.ini", layer: 1, content: "token=S3CR3T\n" })).status).toBe(
        "pass",
      );
      expect(
        (await run({ ref: "leaky:v1", path: "app/.wh.config.ini", layer: 2, type: "file", content: "" })).status,
      ).toBe("pass");
    });

    it("applies an opaque whiteout to the directory's lower content only", async () => {
      const opaque = image([
        [
          { type: "file", path: "etc/a", content: "a" },
          { type: "file", path: "etc/b", content: "b" },
        ],
        [
          { type: "opaque", path: "etc" },
          { type: "file", path: "etc/b", content: "new b" },
        ],
      ]);
      push(fx, "leaky", opaque, "opaque");
      expect((await run({ ref: "leaky:opaque", path: "etc/a", absent: true })).status).toBe("pass");
      expect((await run({ ref: "leaky:opaque", path: "etc/b", content: "new b" })).status).toBe("pass");
    });

    it("hides a path whose parent a later layer replaced by a file", async () => {
      const replaced = image([
        [{ type: "file", path: "opt/x/y", content: "y" }],
        [{ type: "file", path: "opt/x", content: "now a file" }],
      ]);
      push(fx, "leaky", replaced, "replaced");
      expect((await run({ ref: "leaky:replaced", path: "opt/x/y", absent: true })).status).toBe("pass");
    });
  });

  describe("links", () => {
    it("checks a symlink's target and reads a hard link's content", async () => {
      const links = image([
        [{ type: "file", path: "bin/busybox", content: "BB" }],
        [
          { type: "symlink", path: "bin/sh", target: "busybox" },
          { type: "hardlink", path: "bin/ls", target: "bin/busybox" },
        ],
      ]);
      push(fx, "links", links, "v1");
      expect((await run({ ref: "links:v1", path: "bin/sh", type: "symlink", target: "busybox" })).status).toBe("pass");
      const wrong = await run({ ref: "links:v1", path: "bin/sh", type: "symlink", target: "/bin/busybox" });
      expect([wrong.status, wrong.actual]).toEqual(["fail", "`busybox`"]);
      expect((await run({ ref: "links:v1", path: "bin/ls", type: "hardlink", content: "BB" })).status).toBe("pass");
      expect((await run({ ref: "links:v1", path: "bin/sh", type: "file" })).actual).toBe("a symbolic link");
    });
  });

  describe("platforms of an index", () => {
    const amd64 = image([[{ type: "file", path: "usr/bin/tool", content: "amd64\n" }]], "linux/amd64");
    const arm64 = image([[{ type: "file", path: "usr/bin/tool", content: "arm64\n" }]], "linux/arm64/v8");

    it("reads the image a runtime on the given platform picks (arm64 normalised)", async () => {
      push(fx, "tool", buildIndex({ flavour: "oci", entries: [imageEntry(amd64), imageEntry(arm64)] }), "2.1");
      expect(
        (await run({ ref: "tool:2.1", platform: "linux/arm64", path: "usr/bin/tool", content: "arm64\n" })).status,
      ).toBe("pass");
      expect(
        (await run({ ref: "tool:2.1", platform: "linux/amd64", path: "usr/bin/tool", content: "amd64\n" })).status,
      ).toBe("pass");
    });

    it("names the platforms an index has when the one asked for is missing", async () => {
      push(fx, "tool", buildIndex({ flavour: "oci", entries: [imageEntry(amd64)] }), "2.1");
      const result = await run({ ref: "tool:2.1", platform: "linux/arm/v7", path: "usr/bin/tool" });
      expect(result.summary).toContain("no entry for `linux/arm/v7`");
      expect(result.actual).toBe("`linux/amd64`");
    });

    it("refuses to guess a platform for an index", async () => {
      push(fx, "tool", buildIndex({ flavour: "oci", entries: [imageEntry(amd64), imageEntry(arm64)] }), "2.1");
      const result = await run({ ref: "tool:2.1", path: "usr/bin/tool" });
      expect(result.summary).toContain("not a single image");
    });

    it("notes a lying index entry when the file read is wrong", async () => {
      const lying = buildIndex({
        flavour: "oci",
        entries: [imageEntry(amd64, { platform: parsePlatform("linux/arm64/v8") })],
      });
      push(fx, "tool", lying, "2.1");
      const result = await run({ ref: "tool:2.1", platform: "linux/arm64", path: "usr/bin/tool", content: "arm64\n" });
      expect(result.status).toBe("fail");
      expect(result.diagnosis).toContain(
        "entry for `linux/arm64/v8` points at an image whose config says `linux/amd64`",
      );
    });

    it("says when the file is in another platform's image only", async () => {
      const bare = image([[{ type: "file", path: "etc/motd", content: "hi" }]], "linux/arm64/v8");
      push(fx, "tool", buildIndex({ flavour: "oci", entries: [imageEntry(amd64), imageEntry(bare)] }), "2.1");
      const result = await run({ ref: "tool:2.1", platform: "linux/arm64/v8", path: "usr/bin/tool" });
      expect(result.diagnosis).toContain(
        "It is in the `linux/amd64` image of the index, not in the `linux/arm64/v8` one.",
      );
    });

    it("refuses a single image of another platform", async () => {
      push(fx, "tool", arm64, "arm");
      const result = await run({ ref: "tool:arm", platform: "linux/amd64", path: "usr/bin/tool" });
      expect(result.summary).toContain("a single image for `linux/arm64/v8`");
    });
  });

  it("fails a reference that does not exist", async () => {
    expect((await run({ ref: "nothing:v1", path: "x" })).summary).toBe("`nothing:v1` does not exist.");
  });

  it.each([
    [{ ref: "a:v1", path: "x", mode: 420 }, "quoted octal"],
    [{ ref: "a:v1", path: "../etc/passwd" }, "without `..`"],
    [{ ref: "a:v1", path: "x", absent: true, content: "y" }, "takes no other expectation"],
    [{ ref: "a:v1", path: "x", alone: true }, "needs one layer"],
    [{ ref: "a:v1", path: "x", layer: "bottom" }, "layer index"],
    [{ ref: "a:v1", path: "x", target: "y" }, "needs `type: symlink`"],
    [{ ref: "a:v1", path: "x", content: "a", matches: "b" }, "only one of"],
    [{ ref: "a:v1", path: "x", colour: "red" }, "unknown field `colour`"],
  ])("rejects an invalid check %#", (fields, message) => {
    expect(problemsOf(kind, fields).join("\n")).toContain(message);
  });
});
