import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const FORBIDDEN_IN_GRADER = ["chalk", "execa", "testcontainers"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

// Every module specifier in import/export-from statements and dynamic imports.
function importsOf(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']/g)) specs.push(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+["']([^"']+)["']/g)) specs.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) specs.push(m[1]!);
  return specs;
}

function violations(file: string, text = readFileSync(file, "utf8")): string[] {
  const found: string[] = [];
  for (const spec of importsOf(text)) {
    const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
    if (FORBIDDEN_IN_GRADER.includes(pkg)) found.push(`${relative(root, file)} imports ${spec}`);
    if (spec.startsWith(".")) {
      const target = relative(root, resolve(file, "..", spec));
      if (!target.startsWith("grader")) found.push(`${relative(root, file)} imports ${spec} (outside grader/)`);
    }
  }
  return found;
}

describe("dependency direction runner → grader", () => {
  it("finds imports in every form the checker reads", () => {
    const text = 'import chalk from "chalk";\nexport { x } from "../runner/a.js";\nconst m = await import("execa");\n';
    expect(importsOf(text)).toEqual(["chalk", "../runner/a.js", "execa"]);
  });

  it("flags a grader file that reaches into runner/ or a side-effect package", () => {
    const fake = join(root, "grader", "oci", "fake.ts");
    const text =
      'import { x } from "../../runner/cli.js";\nimport { execa } from "execa";\nimport { y } from "./ok.js";\n';
    expect(violations(fake, text)).toEqual([
      "grader/oci/fake.ts imports ../../runner/cli.js (outside grader/)",
      "grader/oci/fake.ts imports execa",
    ]);
  });

  it("grader/ imports nothing from runner/, chalk, execa or testcontainers", () => {
    const files = sourceFiles(join(root, "grader"));
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((file) => violations(file))).toEqual([]);
  });
});
