import { readFile, writeFile } from "node:fs/promises";
import { RegistryClient } from "../../grader/registry/client.js";
import { parseCommandArgs } from "../args.js";
import { CREDENTIAL_OPTIONS, readFlagCredentials } from "../credentials/flags.js";
import { registryAuth } from "../credentials/registry-auth.js";
import { EXIT, LabsError, usageError } from "../errors.js";
import { gradescopeAutograder } from "../grade/outputs/gradescope-autograder.js";
import { packTarball } from "../grade/pack-tarball.js";
import { gradeProgress } from "../grade/progress.js";
import type { GradeRun } from "../grade/result.js";
import { retryingSource } from "../grade/retrying-source.js";
import { parseRoster, RosterError } from "../grade/roster.js";
import { type GradeTargets, runGrading } from "../grade/run-grading.js";
import { writeGradeOutput } from "../grade/write-output.js";
import { labVersion, loadLab } from "../lab-file/catalog.js";
import { packageVersion } from "../package-root.js";
import type { Command, CommandContext } from "./context.js";

const usage =
  "labs grade --lab N BUNDLE... | labs grade --lab N --registry URL --learners ROSTER.csv  [--format F] [-o OUT] [--concurrency K] | labs grade --lab N --package gradescope -o FILE.zip";

// `labs grade`: grades many learners (bundles, or namespaces on a course registry) and writes a gradebook.
export const gradeCommand: Command = {
  meta: {
    name: "grade",
    summary: "Grade submissions in bulk (bundles or a course registry) into JSON, JUnit, Gradescope, Classroom or CSV",
    usage,
    examples: [
      "labs grade --lab 9 submissions/*.bundle --format csv -o grades.csv",
      "labs grade --lab 9 --registry https://registry.example.edu --learners roster.csv --format junit -o grades.xml",
      "labs grade --lab 9 --package gradescope -o lab09-autograder.zip",
    ],
  },
  async run(args, ctx) {
    const options = {
      lab: { type: "string" },
      registry: { type: "string" },
      learners: { type: "string" },
      format: { type: "string" },
      output: { type: "string", short: "o" },
      concurrency: { type: "string" },
      package: { type: "string" },
      ...CREDENTIAL_OPTIONS,
    } as const;
    const { values, positionals } = parseCommandArgs(args, options, usage);
    const number = Number(values.lab);
    if (!Number.isInteger(number) || number < 1) throw usageError("Say which lab to grade with `--lab N`.", usage);
    const concurrency = values.concurrency === undefined ? 8 : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
      throw usageError("`--concurrency` is a whole number from 1 to 64.");
    if (values.package !== undefined) return writePackage(values.package, number, values.output, ctx);
    const lab = await loadLab(number, ctx.env);
    const targets = await gradeTargets(values, positionals, ctx.env);
    const total = targets.kind === "bundles" ? targets.files.length : targets.learners.length;
    const run: GradeRun = await runGrading(targets, {
      lab,
      labFor: (learner) => loadLab(number, ctx.env, { learner, cache: false }),
      labVersion: await labVersion(number, ctx.env),
      toolVersion: packageVersion(),
      courseKey: ctx.env.LABS_COURSE_KEY ?? "",
      concurrency,
      progress: gradeProgress(ctx.stderr, total),
    });
    await writeGradeOutput(run, values.format ?? "text", values.output, ctx.stdout);
    return run.results.some((r) => r.error !== undefined) ? EXIT.environment : EXIT.ok;
  },
};

// `--package gradescope`: the autograder zip for lab N (setup.sh, run_autograder and this labs version).
async function writePackage(kind: string, number: number, output: string | undefined, ctx: CommandContext) {
  if (kind !== "gradescope") throw usageError(`Unknown package "${kind}".`, "Packages: gradescope.");
  if (!output) throw usageError("Name the zip to write with `-o FILE.zip`.");
  await loadLab(number, ctx.env);
  const { zip, files } = gradescopeAutograder({
    lab: number,
    tarball: await packTarball(),
    courseKey: ctx.env.LABS_COURSE_KEY,
  });
  await writeFile(output, zip);
  ctx.stdout.write(
    `Wrote ${output} (${files.map((f) => f.name).join(", ")}): upload it as the Gradescope autograder of lab ${number}.\n`,
  );
  return EXIT.ok;
}

async function gradeTargets(
  values: { registry?: string; learners?: string; username?: string; "password-stdin"?: boolean },
  files: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<GradeTargets> {
  if (values.registry === undefined) {
    if (files.length === 0)
      throw usageError("Name the bundles to grade, or a course registry with `--registry`.", usage);
    return { kind: "bundles", files };
  }
  if (files.length > 0) throw usageError("Grade either bundles or a course registry, not both.", usage);
  if (values.learners === undefined)
    throw usageError("A course registry needs a roster: `--learners ROSTER.csv`.", usage);
  const learners = await readRoster(values.learners);
  const url = values.registry.includes("://") ? values.registry : `https://${values.registry}`;
  const auth = registryAuth(url, { env, flags: await readFlagCredentials(values) });
  const source = retryingSource(new RegistryClient(url, { timeoutMs: 30_000, auth }));
  return { kind: "registry", url, source, learners };
}

async function readRoster(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8").catch((error: Error) => {
    throw new LabsError("FILE_UNREADABLE", `Cannot read the roster ${file}: ${error.message}.`, "Check the path.");
  });
  try {
    return parseRoster(text);
  } catch (error) {
    if (error instanceof RosterError)
      throw new LabsError(
        "ROSTER_INVALID",
        `${file}:${error.line}:${error.col}: ${error.message.replace(/^line \d+, column \d+: /, "")}.`,
        "Fix the roster: a header row with a `learner` column, one learner id per row.",
      );
    throw error;
  }
}
