import { execFileSync } from "node:child_process";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestHex } from "../../../grader/oci/digest.js";
import { MediaType } from "../../../grader/oci/media-types.js";
import { allBlobs, type Built, buildImage } from "../../../runner/seed/index.js";
import { assertRequirement, requireCommand, skipUnless } from "../../support/requirements.js";
import { goldenOciIndex } from "./golden-spec.js";

// Real OCI tools read what we build: umoci applies our layers (whiteouts included), skopeo verifies every digest.

const umociReq = requireCommand("umoci", ["--version"]);
const skopeoReq = requireCommand("skopeo", ["--version"]);
const root = mkdtempSync(join(tmpdir(), "labs-seed-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Writes `built` as an OCI image layout (image-spec image-layout.md) with its root tagged `ref`.
function writeLayout(dir: string, built: Built, ref: string): void {
  mkdirSync(join(dir, "blobs", "sha256"), { recursive: true });
  for (const blob of allBlobs(built)) writeFileSync(join(dir, "blobs", "sha256", digestHex(blob.digest)), blob.bytes);
  writeFileSync(join(dir, "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
  const { mediaType, digest, size } = built.manifest;
  const entry = { mediaType, digest, size, annotations: { "org.opencontainers.image.ref.name": ref } };
  writeFileSync(join(dir, "index.json"), JSON.stringify({ schemaVersion: 2, manifests: [entry] }));
}

describe.skipIf(skipUnless(umociReq))("umoci unpacks a built image", () => {
  beforeAll(() => assertRequirement(umociReq));

  it("applies files, links, a whiteout and an opaque whiteout across two layers", () => {
    const image = buildImage({
      flavour: "oci",
      platform: { architecture: "amd64", os: "linux" },
      layers: [
        {
          addParents: true,
          files: [
            { type: "file", path: "app/secret.txt", content: "AWS_SECRET=1\n" },
            { type: "file", path: "app/keep.txt", content: "keep\n", mode: 0o640 },
            { type: "file", path: "var/cache/a", content: "a" },
            { type: "file", path: "var/cache/sub/b", content: "b" },
          ],
        },
        {
          addParents: true,
          files: [
            { type: "whiteout", path: "app/secret.txt" },
            { type: "opaque", path: "var/cache" },
            { type: "file", path: "var/cache/c", content: "c" },
            { type: "symlink", path: "app/link", target: "keep.txt" },
            { type: "hardlink", path: "app/keep2.txt", target: "app/keep.txt" },
          ],
        },
      ],
    });
    const layout = join(root, "umoci-layout");
    writeLayout(layout, image, "v1");
    const bundle = join(root, "bundle");
    execFileSync("umoci", ["unpack", "--rootless", "--image", `${layout}:v1`, bundle], { stdio: "pipe" });
    const rootfs = join(bundle, "rootfs");
    const exists = (p: string) => {
      try {
        lstatSync(join(rootfs, p));
        return true;
      } catch {
        return false;
      }
    };
    expect(exists("app/secret.txt")).toBe(false);
    expect(exists("var/cache/a")).toBe(false);
    expect(exists("var/cache/sub")).toBe(false);
    expect(readFileSync(join(rootfs, "var/cache/c"), "utf8")).toBe("c");
    expect(readFileSync(join(rootfs, "app/keep.txt"), "utf8")).toBe("keep\n");
    expect(statSync(join(rootfs, "app/keep.txt")).mode & 0o7777).toBe(0o640);
    expect(readlinkSync(join(rootfs, "app/link"))).toBe("keep.txt");
    expect(statSync(join(rootfs, "app/keep2.txt")).ino).toBe(statSync(join(rootfs, "app/keep.txt")).ino);
  });
});

describe.skipIf(skipUnless(skopeoReq))("skopeo copies a built index", () => {
  beforeAll(() => assertRequirement(skopeoReq));
  const index = goldenOciIndex();

  it("reads the index bytes back and copies every platform and attestation without changing a digest", () => {
    const src = join(root, "skopeo-src");
    const dst = join(root, "skopeo-dst");
    writeLayout(src, index, "multi");
    const raw = execFileSync("skopeo", ["inspect", "--raw", `oci:${src}:multi`]);
    expect(raw.equals(Buffer.from(index.manifest.bytes))).toBe(true);
    execFileSync("skopeo", ["copy", "--all", "--preserve-digests", `oci:${src}:multi`, `oci:${dst}:multi`], {
      stdio: "pipe",
    });
    const copied = JSON.parse(readFileSync(join(dst, "index.json"), "utf8"));
    expect(copied.manifests[0].digest).toBe(index.manifest.digest);
    for (const blob of allBlobs(index)) {
      expect(readFileSync(join(dst, "blobs", "sha256", digestHex(blob.digest))).equals(Buffer.from(blob.bytes))).toBe(
        true,
      );
    }
  });

  it("refuses a layout where a blob does not match its digest (the check can fail)", () => {
    const bad = join(root, "skopeo-bad");
    writeLayout(bad, index, "multi");
    const layer = allBlobs(index).find((b) => b.mediaType === MediaType.ociLayerGzip);
    writeFileSync(join(bad, "blobs", "sha256", digestHex(layer!.digest)), "tampered");
    const copy = () =>
      execFileSync("skopeo", ["copy", "--all", `oci:${bad}:multi`, `oci:${join(root, "skopeo-bad-dst")}:multi`], {
        stdio: "pipe",
      });
    expect(copy).toThrow(/Digest did not match, expected sha256:/);
  });
});
