import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../../grader/checks/index.js";
import type { SeedSpec } from "../../../grader/lab/types.js";
import { isAttestationDescriptor } from "../../../grader/oci/platform.js";
import { loadLabText } from "../../../runner/lab-file/load.js";
import { formatProblem } from "../../../runner/lab-file/problem.js";
import type { BuiltImage, BuiltIndex } from "../../../runner/seed/built.js";
import { buildSeed } from "../../../runner/seeding/build.js";

// The seed's byte-level choices (indent, trailing newline, mediaType field, gzip level, extra config fields,
// chosen attestation statements): read from YAML with their problems, and built into the bytes they promise.

const lab9 = readFileSync(resolve(import.meta.dirname, "../../../labs/09-mirror-preserving-digest/lab.yaml"), "utf8");
const IMAGE = `      platform: linux/amd64
      config: { Cmd: ["/run"] }
      layers:
        - files:
            - { path: run, content: "#!/bin/sh\\n", mode: "0755" }`;

function withSeed(seedYaml: string): string {
  const start = lab9.indexOf("seed:\n");
  const end = lab9.indexOf("\ntasks:\n");
  const tags = `  tags:\n    - { repository: src/app, tag: v1, target: app_v1 }\n    - { repository: src/app, tag: v1-legacy, target: app_legacy }\n`;
  return `${lab9.slice(0, start)}seed:\n${seedYaml}${tags}${lab9.slice(end)}`;
}

function seedOf(seedYaml: string): SeedSpec {
  const result = loadLabText("lab.yaml", withSeed(seedYaml), CHECKS);
  if (!("lab" in result)) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.lab.seed;
}

function problemsOf(seedYaml: string): string[] {
  const result = loadLabText("lab.yaml", withSeed(seedYaml), CHECKS);
  return "problems" in result ? result.problems.map((p) => p.message) : [];
}

const SEED = `  images:
    app_amd64:
${IMAGE}
    app_arm64:
      platform: linux/arm64/v8
      layers: [{ files: [{ path: run, content: "arm\\n" }] }]
    pretty:
${IMAGE}
      indent: 3
      trailingNewline: true
    umoci_style:
${IMAGE}
      mediaTypeField: false
      trailingNewline: true
      configTrailingNewline: true
    regz:
      platform: linux/amd64
      config: { Cmd: ["/run"] }
      layers:
        - gzipLevel: 1
          files:
            - { path: run, content: "#!/bin/sh\\n", mode: "0755" }
    docker_types:
      flavour: docker
${IMAGE}
    docker_fields:
      flavour: docker
${IMAGE}
      configExtra: { docker_version: "20.10.24", container: abc }
  indexes:
    app_v1:
      manifests: [app_amd64, app_arm64]
      attestations:
        app_amd64:
          - { predicateType: "https://spdx.dev/Document", predicate: { packages: [{ name: busybox }] } }
          - { predicateType: "https://slsa.dev/provenance/v0.2", predicate: { materials: [{ uri: "pkg:docker/alpine@3.19" }] } }
    app_legacy:
      manifests: [app_amd64]
      trailingNewline: true
`;

describe("seed byte choices", () => {
  const built = buildSeed(seedOf(SEED));
  const image = (name: string) => built.get(name) as BuiltImage;
  const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

  it("indent and a trailing newline change the manifest bytes but not the config (the image ID)", () => {
    expect(text(image("pretty").manifest.bytes)).toMatch(/^\{\n {3}"schemaVersion": 2,[\s\S]*\}\n$/);
    expect(image("pretty").manifest.digest).not.toBe(image("app_amd64").manifest.digest);
    expect(image("pretty").config.digest).toBe(image("app_amd64").config.digest);
  });

  it("umoci style leaves out the manifest's mediaType and ends manifest and config with a newline", () => {
    const manifest = text(image("umoci_style").manifest.bytes);
    expect(manifest.endsWith("}\n")).toBe(true);
    expect(JSON.parse(manifest).mediaType).toBeUndefined();
    expect(text(image("umoci_style").config.bytes).endsWith("}\n")).toBe(true);
    expect(image("umoci_style").config.digest).not.toBe(image("app_amd64").config.digest);
  });

  it("gzipLevel changes the layer blob but not the DiffID", () => {
    expect(image("regz").layers[0]?.digest).not.toBe(image("app_amd64").layers[0]?.digest);
    expect(image("regz").diffIds).toEqual(image("app_amd64").diffIds);
    expect(image("regz").config.digest).toBe(image("app_amd64").config.digest);
  });

  it("the docker flavour shares the config blob and layer blobs; configExtra rewrites the config", () => {
    expect(image("docker_types").config.digest).toBe(image("app_amd64").config.digest);
    expect(image("docker_types").layers.map((l) => l.digest)).toEqual(image("app_amd64").layers.map((l) => l.digest));
    expect(image("docker_types").manifest.mediaType).toBe("application/vnd.docker.distribution.manifest.v2+json");
    const config = JSON.parse(text(image("docker_fields").config.bytes));
    expect(Object.keys(config).slice(-2)).toEqual(["docker_version", "container"]);
    expect(image("docker_fields").config.digest).not.toBe(image("app_amd64").config.digest);
  });

  it("attests only the images named, with one in-toto layer per predicate, in order", () => {
    const index = built.get("app_v1") as BuiltIndex;
    const entries = JSON.parse(text(index.manifest.bytes)).manifests;
    const attestations = entries.filter(isAttestationDescriptor);
    expect(attestations).toHaveLength(1);
    expect(attestations[0].annotations["vnd.docker.reference.digest"]).toBe(image("app_amd64").manifest.digest);
    const attestation = index.children.find((c) => c.manifest.digest === attestations[0].digest);
    const layers = JSON.parse(text(attestation!.manifest.bytes)).layers;
    expect(
      layers.map((l: { annotations: Record<string, string> }) => l.annotations["in-toto.io/predicate-type"]),
    ).toEqual(["https://spdx.dev/Document", "https://slsa.dev/provenance/v0.2"]);
    expect(text((built.get("app_legacy") as BuiltIndex).manifest.bytes).endsWith("}\n")).toBe(true);
  });

  it("reports wrong values where they are", () => {
    const bad = SEED.replace("gzipLevel: 1", "gzipLevel: 12")
      .replace("mediaTypeField: false", "mediaTypeField: no-thanks")
      .replace('configExtra: { docker_version: "20.10.24", container: abc }', "configExtra: { os: plan9 }")
      .replace("        app_amd64:\n          - { predicateType", "        app_nope:\n          - { predicateType");
    const problems = problemsOf(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/gzipLevel/),
        expect.stringContaining("`mediaTypeField` is true or false"),
        expect.stringContaining("`os` is a standard config field"),
        expect.stringContaining('"app_nope" is not an image of this index'),
      ]),
    );
    expect(
      problemsOf(SEED.replace("        - gzipLevel: 1\n", "        - compression: none\n          gzipLevel: 1\n")),
    ).toEqual(expect.arrayContaining([expect.stringContaining("`gzipLevel` applies only to gzip layers")]));
  });
});
