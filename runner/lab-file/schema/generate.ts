import { realpathSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHECKS } from "../../../grader/checks/index.js";
import { LAB_FORMAT_VERSION } from "../../../grader/lab/types.js";
import { packageRoot } from "../../package-root.js";
import { createTypeWalker } from "./from-types.js";
import { JSON_SCHEMA_DRAFT, type JsonSchema, SCHEMA_FILE } from "./json-schema.js";
import { labYamlRules } from "./yaml-rules.js";

// `npm run schema`: writes docs/lab.schema.json from grader/lab/types.ts and the registered check kinds, so
// editors know lab.yaml. Run from a checkout (it reads the TypeScript sources): node dist/runner/lab-file/schema/generate.js

// The lab-file JSON Schema as the project's types and check kinds define it now.
export function buildLabSchema(root: string = packageRoot()): JsonSchema {
  const typesFile = join(root, "grader", "lab", "types.ts");
  const inputsFile = join(root, "grader", "checks", "inputs.ts");
  const walker = createTypeWalker([typesFile, inputsFile]);
  const kinds = [...CHECKS.values()].map((k) => ({ kind: k.kind, summary: k.summary }));
  const rules = labYamlRules(kinds, walker.alias(inputsFile, "ShowExpected"));
  const { root: lab, defs } = walker.interfaces(typesFile, "LabDefinition", rules);
  return {
    $schema: JSON_SCHEMA_DRAFT,
    $comment: "Generated from grader/lab/types.ts and grader/checks by `npm run schema`; do not edit by hand.",
    title: `oci-labs lab file (format ${LAB_FORMAT_VERSION})`,
    ...lab,
    $defs: defs,
  };
}

// The schema as it is stored: two-space JSON and a final newline.
export function formatSchema(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

// Regenerates the schema file; returns its path.
export async function writeLabSchema(root: string = packageRoot()): Promise<string> {
  const file = join(root, SCHEMA_FILE);
  await writeFile(file, formatSchema(buildLabSchema(root)));
  return file;
}

const invokedDirectly =
  process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.stdout.write(`wrote ${await writeLabSchema()}\n`);
