import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { parseCommandArgs, parseLabNumber } from "../args.js";
import { EXIT, usageError } from "../errors.js";
import { CONCEPTS } from "../lab-file/concepts.js";
import { SCHEMA_FILE } from "../lab-file/schema/json-schema.js";
import { packageRoot } from "../package-root.js";
import type { Command } from "./context.js";

const usage = "labs new N SLUG [--dir DIR]";

// `labs new`: scaffolds `NN-slug/lab.yaml` with every section. The scaffold loads as it is; `labs validate`
// reports exactly its TODO placeholders until the author replaces them.
export const newCommand: Command = {
  meta: {
    name: "new",
    summary: "Create a lab folder with a lab.yaml to fill in (for authors)",
    usage,
    examples: ["labs new 3 layers-and-whiteouts", "labs new 16 my-lab --dir ./my-labs"],
  },
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { dir: { type: "string" } }, usage);
    const number = parseLabNumber(positionals[0], usage);
    const slug = positionals[1];
    if (number < 1) throw usageError("Lab numbers start at 1.", `Usage: ${usage}`);
    if (!slug || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) {
      throw usageError(
        `"${slug ?? ""}" is not a slug: use lower-case words joined by -, for example push-by-hand.`,
        `Usage: ${usage}`,
      );
    }
    const root = resolve(ctx.cwd, values.dir ?? ctx.env.LABS_DIR ?? "labs");
    const folder = `${String(number).padStart(2, "0")}-${slug}`;
    const sameNumber = (name: string) => name.startsWith(folder.slice(0, 3));
    const taken = (await readdir(root).catch(() => [] as string[])).filter(sameNumber);
    if (taken.length > 0) {
      throw usageError(
        `Lab ${number} already exists: ${join(root, taken[0]!)}.`,
        "Edit that lab, remove it first, or pick another number (`labs list` shows the numbers in use).",
      );
    }
    const dir = join(root, folder);
    await mkdir(dir, { recursive: true });
    const file = join(dir, "lab.yaml");
    await writeFile(file, scaffold(number, slug, relative(dir, join(packageRoot(), SCHEMA_FILE))), { flag: "wx" });
    const shown = relative(ctx.cwd, file);
    ctx.stdout.write(
      `Created ${shown}.\nReplace its TODOs (\`labs validate ${relative(ctx.cwd, dir)}\` lists them), then prove the lab with \`labs test ${number}\`.\n`,
    );
    return EXIT.ok;
  },
};

// The lab.yaml of a new lab: every section, a working example seed, task and solution, and TODOs to replace.
function scaffold(number: number, slug: string, schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
# Lab format v1 (docs/lab-format.md). Replace every TODO, then run \`labs validate\` and \`labs test ${number}\`.
formatVersion: 1
number: ${number}
slug: ${slug}
title: "TODO: what the learner does, in a few words"
level: beginner
minutes: 15
goals:
  - "TODO: what the learner can do afterwards"
# Concepts: ${Object.keys(CONCEPTS).join(", ")}.
teaches: []
uses: []

intro: |
  TODO: the situation, in Markdown. The registry is \`{{registry}}\`; this lab's repositories are under \`{{prefix}}/\`.

debrief: |
  TODO: what just happened and why, shown once every task passes.

seed:
  images:
    app:
      flavour: oci
      platform: linux/amd64
      config: { Cmd: ["/app/run"] }
      layers:
        - files:
            - { path: app/, type: dir }
            - { path: app/run, content: "#!/bin/sh\\necho hello\\n", mode: "0755" }
  tags:
    - { repository: src/app, tag: v1, target: app }

tasks:
  - id: copy
    title: Copy the image without changing its digest
    points: 1
    text: |
      TODO: the task. For example: copy \`{{registry}}/{{prefix}}/src/app:v1\` to \`{{prefix}}/dst/app:v1\`.
    hints:
      - "TODO: a first hint that points the right way"
    checks:
      - { id: same-digest, kind: same-digest, title: same digest as the source, ref: "dst/app:v1", seed: app }

solution:
  tools: [skopeo]
  run: |
    skopeo copy --src-tls-verify=false --dest-tls-verify=false \\
      "docker://$REGISTRY/$PREFIX/src/app:v1" "docker://$REGISTRY/$PREFIX/dst/app:v1"

wrongAttempts:
  - name: "TODO: a mistake learners make"
    tools: [skopeo]
    task: copy
    check: same-digest
    diagnosis: ["TODO: words the grader's diagnosis must contain"]
    run: |
      echo "TODO: the commands of the mistake, as a learner types them" >&2
      exit 1
`;
}
