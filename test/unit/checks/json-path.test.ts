import { describe, expect, it } from "vitest";
import { jsonPath } from "../../../grader/checks/json-path.js";
import { evaluateJsonQuery, type JsonQuery, parseJsonQuery } from "../../../grader/checks/objects-json-query.js";
import { type JsonValue, parseStrictJson } from "../../../grader/oci/strict-json.js";
import { check, facts, image, index, put, registry } from "./objects-fixture.js";

const scope = { seedNames: new Set(facts.keys()), answerKeys: new Set<string>() };
// Parsed strictly, so `__proto__` is an own key, as it is in a registry's JSON.
const doc: JsonValue = parseStrictJson(
  JSON.stringify({
    manifests: [
      { digest: "a", platform: { os: "linux", architecture: "amd64" } },
      { digest: "b", platform: { os: "linux", architecture: "arm64" }, annotations: { "vnd.x": "y" } },
    ],
    config: { Labels: { "org.example.x": "1" } },
    layers: [1, 2, 3],
  }).replace(/}$/, ',"__proto__":"own"}'),
);
const query = (text: string) => parseJsonQuery(text) as JsonQuery;
const run = (text: string) => evaluateJsonQuery(query(text), doc);

describe("the path language", () => {
  it.each([
    ["layers.length", [3]],
    ["$.layers[-1]", [3]],
    ["manifests[0].digest", ["a"]],
    ["manifests[*].platform.architecture", ["amd64", "arm64"]],
    ['manifests[?platform.architecture=="arm64"].digest', ["b"]],
    ['manifests[?platform.architecture!="arm64"].digest', ["a"]],
    ["manifests[?annotations].digest", ["b"]],
    ['manifests[?annotations["vnd.x"]=="y"].digest', ["b"]],
    ['config.Labels["org.example.x"]', ["1"]],
    ["config.Labels.missing", []],
    ["layers[7]", []],
    ['["__proto__"]', ["own"]],
    ["manifests.length", [2]],
  ])("%s selects %j", (text, expected) => {
    expect(run(text)).toEqual(expected);
  });

  it.each([
    ["", "1 to 256 characters"],
    ["a..b", "expected a name"],
    ["a[", "expected [number]"],
    ["a[?b>1]", "expected ==, != or ]"],
    ["a[?b==x]", "expected a JSON value"],
    ["a b", "unexpected"],
    ["x".repeat(300), "1 to 256"],
    [Array.from({ length: 40 }, () => "a").join("."), "at most 32 steps"],
  ])("rejects %j", (text, message) => {
    expect(parseJsonQuery(text)).toContain(message);
  });

  it("knows which paths yield several values", () => {
    expect(query("layers[0]").multi).toBe(false);
    expect(query("layers[*]").multi).toBe(true);
  });
});

describe("json-path: validation", () => {
  it.each([
    [{ ref: "a:v1", equals: 1 }, "`path` is required"],
    [{ ref: "a:v1", path: "layers.length" }, "give one of `equals`, `matches`, `exists`, `count`"],
    [{ ref: "a:v1", path: "x", equals: 1, exists: true }, "give only one of"],
    [{ ref: "a:v1", path: "x", exists: "yes" }, "`exists` must be true or false"],
    [{ ref: "a:v1", path: "x", matches: "(" }, "not a regular expression"],
    [{ ref: "a:v1", path: "x", equals: 1, document: "blob" }, "`document` must be one of manifest, config"],
  ])("rejects %j", (fields, message) => {
    const { spec, problems } = jsonPath.validate(fields, scope);
    expect(spec).toBeUndefined();
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });
});

describe("json-path against the registry", () => {
  function app() {
    const source = registry();
    put(source, "app", index("multi"), "v1");
    put(source, "app", image("amd64"), "amd64");
    return source;
  }

  it("reads an index, an entry's image and its config", async () => {
    const source = app();
    const arm = image("arm64").manifest.digest;
    const cases = [
      { path: 'manifests[?platform.architecture=="arm64"].digest', equals: [arm] },
      { path: "manifests.length", equals: 4 },
      { path: "layers.length", platform: "linux/arm64", equals: 2 },
      {
        path: 'config.Labels["org.opencontainers.image.version"]',
        platform: "linux/amd64",
        document: "config",
        matches: "^1\\.",
      },
      { path: "variant", platform: "linux/arm64", document: "config", equals: "v8" },
      { path: "annotations", exists: true },
      { path: "manifests[*]", count: 4 },
    ];
    for (const fields of cases) {
      const result = await check(source, { kind: "json-path", ref: "app:v1", ...fields });
      expect([fields.path, result.status]).toEqual([fields.path, "pass"]);
    }
  });

  it("fails with what it found and the author's hint, never the expected value in the hint", async () => {
    const result = await check(app(), {
      kind: "json-path",
      ref: "app:amd64",
      path: "layers.length",
      equals: 1,
      hint: "Squash the layers into one.",
    });
    expect(result.status).toBe("fail");
    expect(result.actual).toBe("2");
    expect(result.expected).toBe("1");
    expect(result.hint).toBe("Squash the layers into one.");
  });

  it("hides the expected value when the check says never", async () => {
    const result = await check(app(), {
      kind: "json-path",
      ref: "app:amd64",
      path: "config.digest",
      equals: "sha256:secret",
      showExpected: "never",
    });
    expect(result.expected).toBeUndefined();
  });

  it("fails (not errors) without an entry for the platform, or a config of an index", async () => {
    const noPlatform = await check(app(), {
      kind: "json-path",
      ref: "app:v1",
      platform: "linux/s390x",
      path: "x",
      exists: true,
    });
    expect(noPlatform.status).toBe("fail");
    expect(noPlatform.summary).toContain("no entry for `linux/s390x`");
    const indexConfig = await check(app(), {
      kind: "json-path",
      ref: "app:v1",
      document: "config",
      path: "os",
      equals: "linux",
    });
    expect(indexConfig.summary).toContain("is an index, which has no config");
  });

  it("names the entry whose image is missing from the repository", async () => {
    const source = registry();
    put(source, "app", index("multi"), "v1", new Set([image("arm64").manifest.digest]));
    const result = await check(source, {
      kind: "json-path",
      ref: "app:v1",
      platform: "linux/arm64",
      path: "layers.length",
      equals: 2,
    });
    expect(result.status).toBe("fail");
    expect(result.summary).toMatch(/the `linux\/arm64` entry of `app:v1` \(app@sha256:\w{12}…\) is not in `app`/);
  });
});
