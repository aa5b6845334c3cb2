import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { stringify } from "yaml";
import { CONCEPTS, closest } from "../../../runner/lab-file/concepts.js";
import { type LabSource, validateLabFiles } from "../../../runner/lab-file/lint.js";

const repo = resolve(import.meta.dirname, "../../..");

// A small lab that loads cleanly; `over` replaces or adds top-level fields.
function lab(number: number, slug: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    formatVersion: 1,
    number,
    slug,
    title: `Lab ${number}`,
    level: "beginner",
    minutes: 10,
    teaches: [],
    uses: [],
    intro: "Intro.",
    debrief: "Debrief.",
    seed: {
      images: { app: { platform: "linux/amd64", layers: [{ files: [{ path: "a.txt", content: "a\n" }] }] } },
      tags: [{ repository: "src/app", tag: "v1", target: "app" }],
    },
    tasks: [
      {
        id: "copy",
        title: "Copy",
        text: "Copy it.",
        hints: ["Use skopeo."],
        checks: [{ id: "same", kind: "same-digest", ref: "dst/app:v1", seed: "app" }],
      },
    ],
    solution: { tools: ["skopeo"], run: "skopeo copy a b" },
    wrongAttempts: [{ name: "no copy", tools: ["skopeo"], task: "copy", check: "same", diagnosis: ["x"], run: "true" }],
    ...over,
  };
}

// Writes labs as folder → lab (or raw text) under a fresh temp dir, removed after the test.
function labsDir(labs: Record<string, Record<string, unknown> | string>): string {
  const dir = mkdtempSync(join(tmpdir(), "labs-validate-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  for (const [folder, content] of Object.entries(labs)) {
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, folder, "lab.yaml"), typeof content === "string" ? content : stringify(content));
  }
  return dir;
}

// Validates every lab in `dir` (or only `targets`, with the others as context).
async function validate(dir: string, targets?: readonly string[]) {
  const folders = readdirSync(dir);
  const sources: LabSource[] = folders.map((f) => ({
    path: join(dir, f, "lab.yaml"),
    name: `${f}/lab.yaml`,
    target: targets === undefined || targets.includes(f),
  }));
  return validateLabFiles(sources);
}

function lineOf(text: string, needle: string): number {
  return text.split("\n").findIndex((l) => l.includes(needle)) + 1;
}

describe("labs validate rules", () => {
  it("passes a consistent set: numbers, slugs, folders, tools and concept order all agree", async () => {
    const dir = labsDir({
      "01-first": lab(1, "first", { teaches: ["tags"] }),
      "02-second": lab(2, "second", { teaches: ["manifest-digest"], uses: ["tags"] }),
    });
    expect(await validate(dir)).toEqual({
      files: ["01-first/lab.yaml", "02-second/lab.yaml"],
      problems: [],
      warnings: [],
    });
  });

  it("rejects a lab number used twice, on both labs, at the `number` line", async () => {
    const text = stringify(lab(1, "b"));
    const dir = labsDir({ "01-a": lab(1, "a"), "01-b": text });
    const { problems } = await validate(dir);
    expect(problems.map((p) => [p.file, p.message])).toEqual([
      ["01-a/lab.yaml", "number 1 is also used by 01-b/lab.yaml: each lab needs its own number."],
      ["01-b/lab.yaml", "number 1 is also used by 01-a/lab.yaml: each lab needs its own number."],
    ]);
    expect(problems[1]?.line).toBe(lineOf(text, "number: 1"));
  });

  it("rejects a slug used twice", async () => {
    const { problems } = await validate(labsDir({ "01-same": lab(1, "same"), "02-same": lab(2, "same") }));
    expect(problems.map((p) => p.message)).toEqual([
      'slug "same" is also used by 02-same/lab.yaml: each lab needs its own slug.',
      'slug "same" is also used by 01-same/lab.yaml: each lab needs its own slug.',
    ]);
  });

  it("rejects a folder whose name disagrees with the slug or the number", async () => {
    const dir = labsDir({ "02-foo": lab(2, "bar"), "05-baz": lab(3, "baz") });
    const messages = (await validate(dir)).problems.map((p) => p.message);
    expect(messages).toEqual([
      "the folder is `02-foo` but `number` and `slug` say `02-bar`: rename the folder or fix `slug`.",
      "the folder is `05-baz` but `number` and `slug` say `03-baz`: rename the folder or fix `number`.",
    ]);
  });

  it("rejects a concept used before the lab that teaches it", async () => {
    const text = stringify(lab(1, "first", { uses: ["chain-id"] }));
    const dir = labsDir({ "01-first": text, "02-second": lab(2, "second", { teaches: ["chain-id"] }) });
    const { problems } = await validate(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      file: "01-first/lab.yaml",
      line: lineOf(text, "- chain-id"),
      message:
        "`chain-id` is used before it is taught: lab 2 teaches it, after this lab 1. Teach it here or in an earlier lab.",
    });
  });

  it("accepts a concept the lab teaches itself", async () => {
    const dir = labsDir({ "01-first": lab(1, "first", { teaches: ["chain-id"], uses: ["chain-id"] }) });
    expect((await validate(dir)).problems).toEqual([]);
  });

  it("rejects an unknown concept and suggests the closest one", async () => {
    const text = stringify(lab(1, "first", { teaches: ["chain-ids"], uses: ["quantum-layers"] }));
    const { problems } = await validate(labsDir({ "01-first": text }));
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [
        lineOf(text, "- chain-ids"),
        expect.stringMatching(/^unknown concept `chain-ids` \(did you mean `chain-id`\?\)/),
      ],
      [
        lineOf(text, "- quantum-layers"),
        expect.stringMatching(/^unknown concept `quantum-layers`\. Concepts are listed/),
      ],
    ]);
  });

  it("warns, without failing, when no lab teaches a used concept yet and earlier labs are unwritten", async () => {
    const result = await validate(labsDir({ "03-third": lab(3, "third", { uses: ["image-index"] }) }));
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.message)).toEqual([
      "no lab teaches `image-index` yet; one of the unwritten labs 1, 2 must (`teaches: [image-index]`).",
    ]);
  });

  it("rejects a used concept nobody teaches once every earlier lab exists", async () => {
    const dir = labsDir({ "01-first": lab(1, "first"), "02-second": lab(2, "second", { uses: ["image-index"] }) });
    const { problems, warnings } = await validate(dir);
    expect(warnings).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual([
      "no earlier lab teaches `image-index`. Add it to an earlier lab's `teaches:`, or to this lab's.",
    ]);
  });

  it("rejects an unknown tool with a suggestion, in the solution and in wrong attempts", async () => {
    const wrong = { name: "w", tools: ["scopeo"], task: "copy", check: "same", diagnosis: ["x"], run: "true" };
    const dir = labsDir({
      "01-a": lab(1, "a", { solution: { tools: ["skopeo", "kubectl"], run: "x" }, wrongAttempts: [wrong] }),
    });
    expect((await validate(dir)).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^unknown tool `kubectl`; `tools` names tools from: skopeo, buildah/),
      expect.stringMatching(/^unknown tool `scopeo` \(did you mean `skopeo`\?\)/),
    ]);
  });

  it("rejects a lab without wrong attempts", async () => {
    const dir = labsDir({ "01-a": lab(1, "a", { wrongAttempts: [] }) });
    expect((await validate(dir)).problems.map((p) => p.message)).toEqual([
      "a lab needs at least one wrong attempt: a mistake learners make, and words the diagnosis must contain.",
    ]);
  });

  it("reports each TODO placeholder left in a string", async () => {
    const dir = labsDir({ "01-a": lab(1, "a", { title: "TODO: a title", goals: ["ok", "TODO"] }) });
    const { problems } = await validate(dir);
    expect(problems.map((p) => p.path)).toEqual([["title"], ["goals", 1]]);
    expect(problems[0]?.message).toContain("replace this TODO placeholder");
  });

  it("reports loader problems and lint problems of several files at once, sorted by position", async () => {
    const broken = stringify(lab(1, "a", { wrongAttempts: [], minutse: 3 }));
    const other = stringify(lab(2, "b", { teaches: ["chain-idd"] }));
    const { problems } = await validate(labsDir({ "01-a": broken, "02-b": other }));
    expect(problems.map((p) => [p.file, p.line, p.message])).toEqual([
      ["01-a/lab.yaml", lineOf(broken, "wrongAttempts"), expect.stringContaining("at least one wrong attempt")],
      [
        "01-a/lab.yaml",
        lineOf(broken, "minutse"),
        expect.stringContaining("unknown key `minutse` (did you mean `minutes`?)"),
      ],
      ["02-b/lab.yaml", lineOf(other, "chain-idd"), expect.stringContaining("(did you mean `chain-id`?)")],
    ]);
    expect(lineOf(broken, "wrongAttempts")).toBeLessThan(lineOf(broken, "minutse"));
  });

  it("turns a format newer than this labs into a problem at `formatVersion`", async () => {
    const text = stringify(lab(1, "a", { formatVersion: 7 }));
    const { problems } = await validate(labsDir({ "01-a": text }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      line: lineOf(text, "formatVersion"),
      message: expect.stringContaining("Update labs"),
    });
  });

  it("reports a lab folder without a readable lab.yaml, and ignores one that is only context", async () => {
    const dir = labsDir({ "01-a": lab(1, "a") });
    mkdirSync(join(dir, "02-empty"));
    const all = await validate(dir);
    expect(all.problems.map((p) => [p.file, p.line, p.message])).toEqual([
      ["02-empty/lab.yaml", 1, "cannot read this file (ENOENT): every lab folder holds a lab.yaml."],
    ]);
    expect((await validate(dir, ["01-a"])).problems).toEqual([]);
  });

  it("reads context labs for cross-lab rules without reporting their own problems", async () => {
    const dir = labsDir({
      "01-a": lab(1, "a", { teaches: ["tags"], title: "TODO" }),
      "02-b": lab(2, "b", { uses: ["tags"] }),
    });
    expect(await validate(dir, ["02-b"])).toEqual({ files: ["02-b/lab.yaml"], problems: [], warnings: [] });
    const clash = labsDir({ "01-a": lab(1, "a"), "01-c": lab(1, "c") });
    expect((await validate(clash, ["01-c"])).problems.map((p) => p.message)).toEqual([
      "number 1 is also used by 01-a/lab.yaml: each lab needs its own number.",
    ]);
  });

  it("passes the labs in labs/, with a warning for each concept no written lab teaches yet", async () => {
    const folders = readdirSync(join(repo, "labs")).filter((f) => /^\d{2}-/.test(f));
    const sources = folders.map((f) => ({ path: join(repo, "labs", f, "lab.yaml"), name: f, target: true }));
    const result = await validateLabFiles(sources);
    expect(result.problems).toEqual([]);
    for (const w of result.warnings) expect(w.message).toMatch(/^no lab teaches `[a-z-]+` yet/);
  });
});

describe("the concept vocabulary", () => {
  it("defines each concept in one line", () => {
    for (const [name, definition] of Object.entries(CONCEPTS)) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(definition).not.toContain("\n");
      expect(definition.length).toBeGreaterThan(20);
    }
  });

  it("is the table in docs/lab-format.md, name for name", () => {
    const doc = readFileSync(join(repo, "docs/lab-format.md"), "utf8");
    const documented = [...doc.matchAll(/^\| `([a-z-]+)` \| [A-Z]/gm)].map((m) => m[1]);
    expect(documented).toEqual(Object.keys(CONCEPTS));
  });

  it("suggests near misses and nothing for unrelated words", () => {
    expect(closest("image-indx", Object.keys(CONCEPTS))).toBe("image-index");
    expect(closest("whiteout", Object.keys(CONCEPTS))).toBe("whiteouts");
    expect(closest("kubernetes", Object.keys(CONCEPTS))).toBeUndefined();
  });
});
