import { beforeEach, describe, expect, it } from "vitest";
import { answer } from "../../../grader/checks/answer.js";
import type { CheckKind } from "../../../grader/checks/kind.js";
import type { SeedSpec } from "../../../grader/lab/types.js";
import { parsePlatform } from "../../../grader/oci/platform.js";
import {
  attestationEntry,
  type BuiltImage,
  buildAttestation,
  buildImage,
  buildIndex,
  imageEntry,
  jsonBlob,
  SLSA_PROVENANCE_V02,
  SPDX_DOCUMENT,
} from "../../../runner/seed/index.js";
import { buildSeed } from "../../../runner/seeding/build.js";
import { seedFacts } from "../../../runner/seeding/plan.js";
import { createFixture, type Fixture, PREFIX, push, runKind } from "./content-fixtures.js";

// Answers that compare several objects: tags sharing identifiers (lab 4), an index and its attestations (labs 7
// and 12), why a copy's digest changed (lab 10), and blobs only one seeded image uses (lab 14).

const kind = answer as unknown as CheckKind<unknown>;
const file = (path: string, content: string) => ({ type: "file" as const, path, content });
const base = [{ files: [file("etc/os-release", "ID=labos\n")] }];
function build(platform: string, tool: string, extra: Partial<Parameters<typeof buildImage>[0]> = {}): BuiltImage {
  return buildImage({
    flavour: "oci",
    platform: parsePlatform(platform),
    created: "2024-01-01T00:00:00Z",
    layers: [...base, { files: [file("usr/bin/tool", tool)] }],
    config: { Cmd: ["/usr/bin/tool"] },
    ...extra,
  });
}
const reserialize = (fx: Fixture, repo: string, image: BuiltImage, tag: string, indent: number) => {
  const value = JSON.parse(new TextDecoder().decode(image.manifest.bytes));
  push(fx, repo, image);
  fx.source.putManifest(
    `${PREFIX}/${repo}`,
    jsonBlob(image.manifest.mediaType, value, { indent, trailingNewline: true }).bytes,
    {
      mediaType: image.manifest.mediaType,
      tag,
    },
  );
};
const withAttestations = (images: BuiltImage[], predicates?: Parameters<typeof buildAttestation>[0]["predicates"][]) =>
  buildIndex({
    flavour: "oci",
    entries: [
      ...images.map((i) => imageEntry(i)),
      ...images.map((i, n) =>
        attestationEntry(
          buildAttestation({ image: i.manifest, ...(predicates?.[n] ? { predicates: predicates[n] } : {}) }),
        ),
      ),
    ],
  });

describe("answers about several objects", () => {
  let fx: Fixture;
  const ask = (key: string, value: unknown, fields: Record<string, unknown>) => {
    fx.answers.set(key, value as never);
    return runKind(kind, fx, { key, ...fields });
  };
  beforeEach(() => {
    fx = createFixture();
  });

  describe("lab 4: which tags share a digest, an image ID, the layer blobs", () => {
    const oci = build("linux/amd64", "tool v1\n");
    beforeEach(() => {
      push(fx, "twins", oci, "oci");
      push(fx, "twins", oci, "alias");
      push(fx, "twins", buildImage({ ...specOf(), flavour: "docker" }), "docker");
      reserialize(fx, "twins", oci, "pretty", 3);
      push(fx, "twins", buildImage({ ...specOf(), layers: specOf().layers.map((l) => ({ ...l, level: 1 })) }), "regz");
      push(fx, "twins", buildImage({ ...specOf(), created: "2024-02-02T00:00:00Z" }), "rebuilt");
    });
    function specOf() {
      return {
        flavour: "oci" as const,
        platform: parsePlatform("linux/amd64"),
        created: "2024-01-01T00:00:00Z",
        layers: [...base, { files: [file("usr/bin/tool", "tool v1\n")] }],
        config: { Cmd: ["/usr/bin/tool"] },
      };
    }
    const ref = { ref: "twins:oci", field: "tagsSharing" };

    it("computes the three sets from the repository's tags", async () => {
      expect(
        (await ask("image_id_of_oci", oci.config.digest, { ref: "twins:oci", field: "configDigest" })).status,
      ).toBe("pass");
      expect((await ask("same_digest_as_oci", ["alias"], { ...ref, sharing: "digest" })).status).toBe("pass");
      expect(
        (await ask("same_image_id_as_oci", ["regz", "pretty", "docker", "alias"], { ...ref, sharing: "configDigest" }))
          .status,
      ).toBe("pass");
      expect(
        (await ask("same_layer_blobs_as_oci", ["alias", "docker", "pretty", "rebuilt"], { ...ref, sharing: "layers" }))
          .status,
      ).toBe("pass");
    });

    it("fails a set with the re-serialised tag in it, counting without naming", async () => {
      const result = await ask("same_digest_as_oci", ["alias", "pretty"], { ...ref, sharing: "digest" });
      expect(result.status).toBe("fail");
      expect(result.actual).toBe("2 items: 1 right, 1 not expected, 0 missing");
      expect(result.diagnosis).toContain("byte-for-byte identical");
      const rebuilt = await ask("same_image_id_as_oci", ["alias", "docker", "pretty", "regz", "rebuilt"], {
        ...ref,
        sharing: "configDigest",
      });
      expect(rebuilt.hint).toContain("even `created`");
    });
  });

  describe("lab 7: one tag, many images", () => {
    const amd64 = build("linux/amd64", "amd64\n");
    const arm64 = build("linux/arm64/v8", "arm64\n");
    const armv7 = build("linux/arm/v7", "armv7\n");
    const index = withAttestations([amd64, arm64, armv7]);
    const attestationOf = (i: number) => (index.children[3 + i] as { manifest: { digest: string } }).manifest.digest;
    beforeEach(() => push(fx, "tool", index, "2.1"));
    const ref = { ref: "tool:2.1" };

    it("computes every answer from the index", async () => {
      const right: [string, unknown, Record<string, unknown>][] = [
        ["index_digest", index.manifest.digest, { field: "digest" }],
        ["runnable_platforms", ["linux/arm64", "linux/amd64", "linux/arm/v7"], { field: "platforms" }],
        ["arm64_manifest_digest", arm64.manifest.digest, { field: "digest", platform: "linux/arm64/v8" }],
        ["arm64_image_id", arm64.config.digest, { field: "configDigest", platform: "linux/arm64" }],
        ["amd64_host_gets", amd64.manifest.digest, { field: "digest", platform: "linux/amd64" }],
        ["attestation_for_armv7", attestationOf(2), { field: "attestationFor", platform: "linux/arm/v7" }],
        ["shared_layer_digests", [amd64.layers[0]!.digest], { field: "sharedLayers" }],
      ];
      for (const [key, value, fields] of right)
        expect((await ask(key, value, { ...ref, ...fields })).status, key).toBe("pass");
    });

    it.each([
      [
        "the index digest for the arm64 child (skopeo inspect --override-arch)",
        "arm64_manifest_digest",
        () => index.manifest.digest,
        { field: "digest", platform: "linux/arm64" },
        "the digest of the index itself",
      ],
      [
        "the manifest digest for the image ID",
        "arm64_image_id",
        () => arm64.manifest.digest,
        { field: "configDigest", platform: "linux/arm64" },
        "the digest of the image manifest of the `linux/arm64/v8` image",
      ],
      [
        "the arm/v7 image for its attestation",
        "attestation_for_armv7",
        () => armv7.manifest.digest,
        { field: "attestationFor", platform: "linux/arm/v7" },
        "the digest of the image manifest of the `linux/arm/v7` image",
      ],
      [
        "another platform's manifest",
        "amd64_host_gets",
        () => arm64.manifest.digest,
        { field: "digest", platform: "linux/amd64" },
        "of the `linux/arm64/v8` image, but the question asks for the digest of the image manifest of the `linux/amd64` image",
      ],
    ])("recognises %s", async (_name, key, value, fields, words) => {
      const result = await ask(key, value(), { ...ref, ...fields });
      expect(result.status).toBe("fail");
      expect(result.diagnosis).toContain(words);
    });

    it("recognises attestation entries counted as platforms", async () => {
      const result = await ask(
        "runnable_platforms",
        ["linux/amd64", "linux/arm64/v8", "linux/arm/v7", "unknown/unknown"],
        { ...ref, field: "platforms" },
      );
      expect(result.diagnosis).toContain("BuildKit attestations");
    });
  });

  describe("lab 7 from the seed facts alone", () => {
    const seed: SeedSpec = {
      images: {
        amd64: { flavour: "oci", platform: "linux/amd64", layers: [{ files: [{ path: "a", content: "a" }] }] },
        arm64: { flavour: "oci", platform: "linux/arm64/v8", layers: [{ files: [{ path: "a", content: "b" }] }] },
      },
      indexes: { tool: { flavour: "oci", manifests: [{ image: "amd64" }, { image: "arm64" }], attestations: true } },
      artifacts: {},
      tags: [],
      damage: [],
      files: [],
      layouts: [],
    };
    beforeEach(() => {
      fx.seed = new Map(seedFacts(seed));
      push(fx, "tool", buildSeed(seed).get("tool")!, "2.1");
    });

    it("agrees with the registry on platforms, children and image IDs", async () => {
      const arm = buildSeed(seed).get("arm64") as BuiltImage;
      expect((await ask("p", ["linux/amd64", "linux/arm64"], { seed: "tool", field: "platforms" })).status).toBe(
        "pass",
      );
      expect(
        (await ask("c", arm.config.digest, { seed: "tool", platform: "linux/arm64", field: "configDigest" })).status,
      ).toBe("pass");
      const map = {
        "linux/amd64": (buildSeed(seed).get("amd64") as BuiltImage).manifest.digest,
        "linux/arm64/v8": arm.manifest.digest,
      };
      expect((await ask("m", map, { seed: "tool", field: "childDigests" })).status).toBe("pass");
      expect(
        (await ask("l", 1, { seed: "tool", in: "tool", platform: "linux/arm64", field: "layerCount" })).status,
      ).toBe("pass");
    });
  });

  describe("lab 10: why did the digest change?", () => {
    const s = build("linux/amd64", "S\n");
    const sArm = build("linux/arm64/v8", "S arm\n");
    const sMulti = withAttestations([s, sArm]);
    const docker = {
      flavour: "docker" as const,
      platform: parsePlatform("linux/amd64"),
      created: "2024-01-01T00:00:00Z",
      layers: [...base, { files: [file("usr/bin/tool", "S\n")] }],
      config: { Cmd: ["/usr/bin/tool"] },
    };
    beforeEach(() => {
      for (const t of ["a", "b", "c", "d"]) push(fx, "src", s, t);
      push(fx, "mirror", s, "a");
      reserialize(fx, "mirror", s, "b", 3);
      push(fx, "mirror", buildImage(docker), "c");
      push(
        fx,
        "mirror",
        buildImage({ ...docker, flavour: "oci", layers: docker.layers.map((l) => ({ ...l, level: 1 })) }),
        "d",
      );
      push(fx, "src", sMulti, "e");
      push(fx, "mirror", s, "e");
      push(fx, "src", buildImage({ ...docker, configExtra: { container: "abc", docker_version: "20.10.24" } }), "f");
      push(fx, "mirror", buildImage({ ...docker, flavour: "oci" }), "f");
      push(fx, "src", sMulti, "g");
      push(fx, "mirror", buildIndex({ flavour: "oci", entries: [imageEntry(s), imageEntry(sArm)] }), "g");
    });

    it.each([
      ["a", "identical", "true"],
      ["b", "reserialized", "true"],
      ["c", "mediatype-converted", "true"],
      ["d", "recompressed", "true"],
      ["e", "platform-subset", "true"],
      ["f", "config-rewritten", "false"],
      ["g", "attestations-stripped", "null"],
    ])("tag %s: %s, same image ID %s", async (t, cause, same) => {
      const fields = { ref: `mirror:${t}`, from: `src:${t}` };
      expect((await ask(`${t}_cause`, cause, { ...fields, field: "changeCause" })).status).toBe("pass");
      expect((await ask(`${t}_same_image_id`, same, { ...fields, field: "sameImageId" })).status).toBe("pass");
    });

    it("fails a re-serialised manifest called identical, and shows the learner's own word only", async () => {
      const result = await ask("b_cause", "identical", { ref: "mirror:b", from: "src:b", field: "changeCause" });
      expect([result.status, result.actual, result.expected]).toEqual(["fail", "identical", undefined]);
    });

    it.each([
      ["b", "identical", /digests differ/, /raw bodies/],
      ["d", "config-rewritten", /`config.digest` is the same on both sides/, /task's order/],
      ["e", "recompressed", /already differs/, /an index or one image/],
      ["c", "reserialized", /already differs/, /media types/],
      ["b", "mediatype-converted", /media type strings are the same/, /task's order/],
      ["g", "platform-subset", /every runnable platform/, /task's order/],
    ])("names why tag %s is not %s, without naming the right cause", async (t, wrong, diagnosis, hint) => {
      const result = await ask(`${t}_cause`, wrong, { ref: `mirror:${t}`, from: `src:${t}`, field: "changeCause" });
      expect(result.status).toBe("fail");
      expect(result.diagnosis).toMatch(diagnosis);
      expect(result.hint).toMatch(hint);
      const told = `${result.summary} ${result.diagnosis} ${result.hint}`;
      for (const cause of [
        "reserialized",
        "mediatype-converted",
        "recompressed",
        "platform-subset",
        "config-rewritten",
      ])
        expect(told).not.toContain(cause);
    });

    it.each([
      ["f", "true", /`config.digest` differs/, /Equal DiffIDs/],
      ["d", "false", /`config.digest` is the same/, /Recompressed layers/],
      ["a", "null", /an image has an ID/, /config.digest/],
      ["g", "true", /no config, hence no image ID/, /Read the task again/],
    ])("names why tag %s's same image ID is not %s", async (t, wrong, diagnosis, hint) => {
      const result = await ask(`${t}_same_image_id`, wrong, {
        ref: `mirror:${t}`,
        from: `src:${t}`,
        field: "sameImageId",
      });
      expect([result.status, result.diagnosis, result.hint]).toEqual([
        "fail",
        expect.stringMatching(diagnosis),
        expect.stringMatching(hint),
      ]);
    });
  });

  describe("lab 12: read provenance and SBOM", () => {
    const amd64 = build("linux/amd64", "web amd64\n");
    const arm64 = build("linux/arm64/v8", "web arm64\n");
    const statements = (arch: string, packages: number) => [
      {
        predicateType: SPDX_DOCUMENT,
        predicate: { packages: Array.from({ length: packages }, (_, i) => ({ name: `p${i}` })) },
      },
      {
        predicateType: SLSA_PROVENANCE_V02,
        predicate: { materials: [{ uri: `pkg:docker/alpine@3.19?platform=linux%2F${arch}` }] },
      },
    ];
    const index = withAttestations([amd64, arm64], [statements("amd64", 3), statements("arm64", 2)]);
    const attestation = (i: number) => (index.children[2 + i] as { manifest: { digest: string } }).manifest.digest;
    beforeEach(() => push(fx, "web", index, "1.0"));
    const ref = { ref: "web:1.0" };

    it("computes the map, the statement values and the predicate types", async () => {
      const map = { [attestation(0)]: amd64.manifest.digest, [attestation(1)]: arm64.manifest.digest };
      expect((await ask("attestation_map", map, { ...ref, field: "attestationMap" })).status).toBe("pass");
      const sbom = {
        ...ref,
        field: "statement",
        platform: "linux/amd64",
        predicateType: SPDX_DOCUMENT,
        query: "predicate.packages.length",
      };
      expect((await ask("amd64_sbom_package_count", 3, sbom)).status).toBe("pass");
      const base = {
        ...ref,
        field: "statement",
        platform: "linux/amd64",
        predicateType: SLSA_PROVENANCE_V02,
        query: "predicate.materials[0].uri",
      };
      expect((await ask("amd64_base_image", "pkg:docker/alpine@3.19?platform=linux%2Famd64", base)).status).toBe(
        "pass",
      );
      expect(
        (await ask("predicate_types", [SPDX_DOCUMENT, SLSA_PROVENANCE_V02], { ...ref, field: "predicateTypes" }))
          .status,
      ).toBe("pass");
      const arm = await ask("amd64_sbom_package_count", 2, sbom);
      expect([arm.status, arm.actual]).toEqual(["fail", "2"]);
      expect(arm.diagnosis).toBe(
        "Your answer is what the attestation of the `linux/arm64/v8` image says, not of the `linux/amd64` image.",
      );
      const other = await ask("amd64_sbom_package_count", 7, sbom);
      expect(other.diagnosis).toBeUndefined();
    });

    it("recognises a reversed map", async () => {
      const reversed = { [amd64.manifest.digest]: attestation(0), [arm64.manifest.digest]: attestation(1) };
      expect((await ask("attestation_map", reversed, { ...ref, field: "attestationMap" })).diagnosis).toContain(
        "keys and values swapped",
      );
    });
  });

  describe("lab 14: the blobs only the leaked image uses", () => {
    const layer = (content: string) => ({ files: [{ path: "app/x", content }] });
    const seed: SeedSpec = {
      images: {
        v100: { flavour: "oci", platform: "linux/amd64", layers: [layer("B0"), layer("B1"), layer("B2")] },
        v110: { flavour: "oci", platform: "linux/amd64", layers: [layer("B0"), layer("B1"), layer("B3")] },
        dbg: {
          flavour: "oci",
          platform: "linux/amd64",
          layers: [layer("B0"), layer("B1"), layer("AWS_SECRET_ACCESS_KEY=leaked")],
        },
      },
      indexes: { latest: { flavour: "oci", manifests: [{ image: "v110" }] } },
      artifacts: {},
      tags: [],
      damage: [],
      files: [],
      layouts: [],
    };
    beforeEach(() => {
      fx.seed = new Map(seedFacts(seed));
    });
    const built = () => buildSeed(seed).get("dbg") as BuiltImage;

    it("computes the config and the secret layer, from the seed alone (the registry no longer has them)", async () => {
      const unique = [built().config.digest, built().layers[2]!.digest];
      expect(
        (await ask("blobs", unique, { seed: "dbg", others: ["v100", "v110", "latest"], field: "uniqueBlobs" })).status,
      ).toBe("pass");
      expect((await ask("manifest", built().manifest.digest, { seed: "dbg", field: "digest" })).status).toBe("pass");
    });

    it("fails a list that claims shared layers as removed", async () => {
      const claimed = [built().config.digest, built().layers[2]!.digest, built().layers[0]!.digest];
      const result = await ask("blobs", claimed, {
        seed: "dbg",
        others: ["v100", "v110", "latest"],
        field: "uniqueBlobs",
      });
      expect([result.status, result.actual]).toEqual(["fail", "3 items: 2 right, 1 not expected, 0 missing"]);
    });
  });
});
