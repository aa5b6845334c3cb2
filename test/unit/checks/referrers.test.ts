import { describe, expect, it } from "vitest";
import { referrers } from "../../../grader/checks/referrers.js";
import { buildArtifact } from "../../../runner/seed/artifact.js";
import { makeBlob, toDescriptor } from "../../../runner/seed/blob.js";
import { check, facts, image, index, put, registry, seeded } from "./objects-fixture.js";

const scope = { seedNames: new Set(facts.keys()), answerKeys: new Set<string>() };
const SPDX = "application/spdx+json";
const sbomLayer = [{ blob: makeBlob(SPDX, "{}") }];
const attach = (
  artifactType: string,
  subject?: ReturnType<typeof toDescriptor>,
  annotations?: Record<string, string>,
) =>
  buildArtifact({
    artifactType,
    layers: sbomLayer,
    ...(subject ? { subject } : {}),
    ...(annotations ? { annotations } : {}),
  });

function app() {
  const source = registry();
  put(source, "app", index("multi"), "v1");
  return source;
}

describe("referrers: validation", () => {
  it.each([
    [{ artifactType: SPDX }, "give one of `subject`, `seed`"],
    [{ subject: "app:v1", seed: "multi" }, "give only one of"],
    [{ seed: "multi" }, "`repository` must be a repository name"],
    [{ subject: "app:v1", child: "linux/amd64" }, "`repository` and `child` go with `seed`"],
    [{ subject: "app:v1", count: 1, min: 1 }, "give `count`, or `min` and/or `max`, not both"],
    [{ subject: "app:v1", min: 3, max: 1 }, "`min` is larger than `max`"],
  ])("rejects %j", (fields, message) => {
    const { spec, problems } = referrers.validate(fields, scope);
    expect(spec).toBeUndefined();
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });

  it("wants at least one referrer by default", () => {
    expect(referrers.validate({ subject: "app:v1" }, scope).spec?.rule).toEqual({ min: 1 });
  });
});

describe("referrers", () => {
  it("passes the seeded SBOM attached to the index, by reference and by seed", async () => {
    const source = app();
    put(source, "app", seeded("sbom"));
    const byRef = await check(source, { kind: "referrers", subject: "app:v1", artifactType: SPDX, count: 1 });
    expect(byRef.status).toBe("pass");
    const bySeed = await check(source, {
      kind: "referrers",
      repository: "app",
      seed: "multi",
      artifactType: SPDX,
      annotations: { "org.opencontainers.image.created": "2024-01-01T00:00:00Z" },
    });
    expect(bySeed.status).toBe("pass");
  });

  it("says nothing refers to it", async () => {
    const result = await check(app(), { kind: "referrers", subject: "app:v1", artifactType: SPDX });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toBe("No artifact refers to it.");
    expect(result.hint).toContain("oras attach");
  });

  it("recognises another artifact type", async () => {
    const source = app();
    put(source, "app", attach("application/vnd.example+json", toDescriptor(index("multi").manifest)));
    const result = await check(source, { kind: "referrers", subject: "app:v1", artifactType: SPDX });
    expect(result.diagnosis).toContain("of type `application/vnd.example+json`");
  });

  it("recognises missing annotations", async () => {
    const source = app();
    put(source, "app", attach(SPDX, toDescriptor(index("multi").manifest)));
    const result = await check(source, {
      kind: "referrers",
      subject: "app:v1",
      artifactType: SPDX,
      annotations: { "com.example.scan": "passed" },
    });
    expect(result.diagnosis).toContain("without the annotations");
  });

  it.each([
    ["amd64", "linux/amd64"],
    ["arm64", "linux/arm64/v8"],
  ])("recognises an artifact attached to the %s child instead of the index", async (name, platform) => {
    const source = app();
    put(source, "app", attach(SPDX, toDescriptor(image(name).manifest)));
    const result = await check(source, { kind: "referrers", subject: "app:v1", artifactType: SPDX });
    expect(result.diagnosis).toContain(`refers to the \`${platform}\` image inside the index`);
  });

  it("recognises an artifact attached to the index instead of the image", async () => {
    const source = app();
    put(source, "app", attach(SPDX, toDescriptor(index("multi").manifest)));
    const result = await check(source, {
      kind: "referrers",
      repository: "app",
      seed: "multi",
      child: "linux/amd64",
      artifactType: SPDX,
    });
    expect(result.diagnosis).toBe("The artifact refers to the index that lists this image, not to the image itself.");
  });

  it("recognises an artifact pushed without a subject (oras push)", async () => {
    const source = app();
    put(source, "app", attach(SPDX), "sbom");
    const result = await check(source, { kind: "referrers", subject: "app:v1", artifactType: SPDX });
    expect(result.diagnosis).toContain("`app:sbom` has no `subject`");
  });

  it("fails too many referrers", async () => {
    const source = app();
    put(source, "app", seeded("sbom"));
    put(source, "app", attach(SPDX, toDescriptor(index("multi").manifest), { n: "2" }));
    const result = await check(source, { kind: "referrers", subject: "app:v1", artifactType: SPDX, max: 1 });
    expect(result.status).toBe("fail");
    expect(result.diagnosis).toContain("Older attachments");
  });
});
