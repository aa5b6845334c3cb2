import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { runCli } from "../../../runner/cli.js";
import { capture } from "../../../runner/ui/capture.js";

// A temp folder with a `labs/` catalog; LABS_DIR points the catalog at it.
function workspace(): { readonly cwd: string; readonly labs: string } {
  const cwd = mkdtempSync(join(tmpdir(), "labs-cli-"));
  onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
  const labs = join(cwd, "labs");
  mkdirSync(labs);
  return { cwd, labs };
}

// Runs `labs ARGS` in-process with captured output, no colour, and the catalog at `labs`.
async function labs(cwd: string, labsDir: string, ...argv: string[]) {
  const out = capture();
  const err = capture();
  const env = { LABS_DIR: labsDir, LABS_HOME: join(cwd, ".home"), NO_COLOR: "1" };
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env, cwd });
  return { code, stdout: out.text(), stderr: err.text() };
}

// Creates a lab with `labs new`, then replaces its placeholders so it is a finished (if tiny) lab.
async function finishedLab(cwd: string, dir: string, number: number, slug: string): Promise<string> {
  expect((await labs(cwd, dir, "new", String(number), slug)).code).toBe(0);
  const file = join(dir, `${String(number).padStart(2, "0")}-${slug}`, "lab.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replaceAll("TODO", "Done"));
  return file;
}

describe("labs new", () => {
  it("scaffolds NN-slug/lab.yaml that validate flags only for its TODO placeholders", async () => {
    const { cwd, labs: dir } = workspace();
    const created = await labs(cwd, dir, "new", "3", "layers-and-whiteouts");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("Created labs/03-layers-and-whiteouts/lab.yaml.");
    const text = readFileSync(join(dir, "03-layers-and-whiteouts", "lab.yaml"), "utf8");
    const schema = /^# yaml-language-server: \$schema=(.+)$/.exec(text.split("\n")[0]!)?.[1];
    expect(schema && existsSync(resolve(dir, "03-layers-and-whiteouts", schema))).toBe(true);
    expect(schema).toMatch(/docs\/lab\.schema\.json$/);
    const todoValues = text.split("\n").filter((l) => l.includes("TODO") && !l.trimStart().startsWith("#"));
    const result = await labs(cwd, dir, "validate", "--json");
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { problems: { message: string; path: unknown[] }[] };
    expect(report.problems.length).toBe(todoValues.length);
    for (const p of report.problems) expect(p.message).toContain("TODO placeholder");
    expect(report.problems.map((p) => p.path[0])).toEqual(
      expect.arrayContaining(["title", "goals", "intro", "debrief", "tasks", "wrongAttempts"]),
    );
  });

  it("validates cleanly once the TODOs are replaced", async () => {
    const { cwd, labs: dir } = workspace();
    await finishedLab(cwd, dir, 3, "layers-and-whiteouts");
    const result = await labs(cwd, dir, "validate");
    expect(result.stdout).toContain("✔ 1 lab valid: schema, ids, references, hints, solutions");
    expect(result.code).toBe(0);
  });

  it("refuses to overwrite a lab, or to reuse its number, and says what to do", async () => {
    const { cwd, labs: dir } = workspace();
    await labs(cwd, dir, "new", "3", "first");
    const file = join(dir, "03-first", "lab.yaml");
    writeFileSync(file, "edited by the author\n");
    for (const slug of ["first", "other"]) {
      const again = await labs(cwd, dir, "new", "3", slug);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain(`Lab 3 already exists: ${join(dir, "03-first")}.`);
      expect(again.stderr).toContain("what to do: Edit that lab, remove it first, or pick another number");
    }
    expect(readFileSync(file, "utf8")).toBe("edited by the author\n");
  });

  it.each([
    { argv: ["new", "3", "Bad_Slug"], error: '"Bad_Slug" is not a slug' },
    { argv: ["new", "3"], error: '"" is not a slug' },
    { argv: ["new", "x", "slug"], error: '"x" is not a lab number' },
    { argv: ["new", "0", "slug"], error: "Lab numbers start at 1." },
  ])("rejects $argv as a usage error", async ({ argv, error }) => {
    const { cwd, labs: dir } = workspace();
    const result = await labs(cwd, dir, ...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(error);
  });

  it("writes into --dir, relative to the working directory", async () => {
    const { cwd, labs: dir } = workspace();
    const result = await labs(cwd, dir, "new", "16", "extra", "--dir", "drafts");
    expect(result.code).toBe(0);
    expect(readFileSync(join(cwd, "drafts", "16-extra", "lab.yaml"), "utf8")).toContain("number: 16\nslug: extra\n");
  });
});

describe("labs validate", () => {
  it("reports every problem as file:line:col with an excerpt, and exits 2", async () => {
    const { cwd, labs: dir } = workspace();
    const file = await finishedLab(cwd, dir, 1, "first");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("minutes: 15", "minutse: 15").replace("teaches: []", "teaches: [chain-ids]"),
    );
    const lines = readFileSync(file, "utf8").split("\n");
    const result = await labs(cwd, dir, "validate");
    expect(result.code).toBe(2);
    const minutse = lines.findIndex((l) => l.startsWith("minutse")) + 1;
    const teaches = lines.findIndex((l) => l.startsWith("teaches")) + 1;
    expect(result.stdout).toContain(
      `labs/01-first/lab.yaml:${minutse}:1: unknown key \`minutse\` (did you mean \`minutes\`?)\n${String(minutse).padStart(4)} | minutse: 15\n     | ^`,
    );
    expect(result.stdout).toContain(
      `labs/01-first/lab.yaml:${teaches}:11: unknown concept \`chain-ids\` (did you mean \`chain-id\`?)`,
    );
    expect(result.stdout).toContain("`minutes` must be a whole number from 1 to 600");
    expect(result.stdout).toContain("✘ 3 problems in 1 of 1 lab. Fix them and run `labs validate` again.");
  });

  it("prints problems as data with --json", async () => {
    const { cwd, labs: dir } = workspace();
    const file = await finishedLab(cwd, dir, 1, "first");
    writeFileSync(file, readFileSync(file, "utf8").replace("level: beginner", "level: expert"));
    const line = readFileSync(file, "utf8").split("\n").indexOf("level: expert") + 1;
    const result = await labs(cwd, dir, "validate", "--json");
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: false, files: ["labs/01-first/lab.yaml"], warnings: [] });
    expect(report.problems).toEqual([
      expect.objectContaining({
        file: "labs/01-first/lab.yaml",
        path: ["level"],
        line,
        col: 1,
        message: expect.stringContaining("`level` is one of"),
      }),
    ]);
  });

  it("validates only the named folders and files, with the catalog as context", async () => {
    const { cwd, labs: dir } = workspace();
    await finishedLab(cwd, dir, 1, "first");
    await labs(cwd, dir, "new", "2", "second");
    const one = await labs(cwd, dir, "validate", "labs/01-first");
    expect([one.code, one.stdout]).toEqual([0, expect.stringContaining("✔ 1 lab valid")]);
    const both = await labs(cwd, dir, "validate", "labs/01-first/lab.yaml", join(dir, "02-second"));
    expect(both.code).toBe(2);
    expect(both.stdout).toContain("in 1 of 2 labs");
    const folder = await labs(cwd, dir, "validate", "labs");
    expect(folder.stdout).toContain("in 1 of 2 labs");
  });

  it("says which labs were checked and what, and warns about concepts no written lab teaches yet", async () => {
    const { cwd, labs: dir } = workspace();
    const file = await finishedLab(cwd, dir, 4, "fourth");
    writeFileSync(file, readFileSync(file, "utf8").replace("uses: []", "uses: [image-index]"));
    const result = await labs(cwd, dir, "validate");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("warning: labs/04-fourth/lab.yaml:");
    expect(result.stdout).toContain("one of the unwritten labs 1–3 must");
    expect(result.stdout).toContain(
      "✔ 1 lab valid (1 warning): schema, ids, references, hints, solutions, wrong attempts, tools, folder names, unique numbers and slugs, concept order, no TODO left",
    );
  });

  it("is a usage error for a path that does not exist, or a catalog without labs", async () => {
    const { cwd, labs: dir } = workspace();
    const missing = await labs(cwd, dir, "validate", "nowhere");
    expect([missing.code, missing.stderr]).toEqual([
      2,
      expect.stringContaining(`${join(cwd, "nowhere")} does not exist.`),
    ]);
    const empty = await labs(cwd, dir, "validate");
    expect([empty.code, empty.stderr]).toEqual([2, expect.stringContaining("There are no labs to validate here.")]);
  });

  it("is listed in the help with labs new", async () => {
    const { cwd, labs: dir } = workspace();
    const help = await labs(cwd, dir, "--help");
    expect(help.stdout).toMatch(/\n {2}validate \[PATH\] +check lab files/);
    expect(help.stdout).toMatch(/\n {2}new N SLUG +create a lab folder/);
  });
});
