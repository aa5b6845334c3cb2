import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

// Compiles a TypeScript module and every module it imports relatively into plain ESM under `outDir`, keeping the
// layout, so a spawned `node` can run it without a build. Type errors are not checked here (tsc does that).

const PROJECT = resolve(import.meta.dirname, "../../..");
const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)\.js"/g;

function transpile(source: string, outDir: string, done: Set<string>): void {
  if (done.has(source)) return;
  done.add(source);
  const text = readFileSync(source, "utf8");
  const { outputText } = ts.transpileModule(text, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    fileName: source,
  });
  const target = join(outDir, relative(PROJECT, source)).replace(/\.ts$/, ".js");
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, outputText);
  for (const match of text.matchAll(RELATIVE_IMPORT)) {
    transpile(resolve(dirname(source), `${match[1]}.ts`), outDir, done);
  }
}

// Transpiles `entry` (a path relative to the project root) and its relative imports; returns the output path.
export function transpileGraph(entry: string, outDir: string): string {
  transpile(resolve(PROJECT, entry), outDir, new Set());
  return join(outDir, entry.replace(/\.ts$/, ".js"));
}
