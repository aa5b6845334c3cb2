import { expandArgs, readArgInstruction } from "./parse-dockerfile-args.js";
import { joinInstructions } from "./parse-dockerfile-lines.js";
import type { ParseProblem } from "./parse-env-file.js";

// Dockerfiles as BuildKit reads them, as far as image references go: parser directives (`# escape=`), comments,
// line continuations, heredocs, `ARG` before the first `FROM` (substituted into `FROM`, `${X}`/`$X`/`${X:-d}`),
// `FROM [--platform=…] image [AS name]`, multi-stage builds (a `FROM` or `COPY --from` naming an earlier stage
// is not an image), `COPY/ADD --from=image` and `RUN --mount=…,from=image`. Pure: text in, references out.
// https://docs.docker.com/reference/dockerfile/#from, #understand-how-arg-and-from-interact, #parser-directives

/** Where an image reference was found. */
export type DockerfileSource = "FROM" | "COPY --from" | "RUN --mount";

/** An image the build pulls. */
export interface DockerfileImage {
  /** After ARG substitution. */
  readonly reference: string;
  /** As written. */
  readonly written: string;
  readonly line: number;
  readonly source: DockerfileSource;
  /** `--platform=` of a FROM, as written (it may be `$BUILDPLATFORM`). */
  readonly platform?: string;
  /** The stage this FROM starts (`AS name`), lower-cased. */
  readonly stage?: string;
}

/** One build stage. */
export interface DockerfileStage {
  readonly index: number;
  /** Lower-cased `AS` name. */
  readonly name?: string;
  /** The base after substitution: an image, an earlier stage or `scratch`. */
  readonly base: string;
  readonly line: number;
}

/** What the parser found. */
export interface Dockerfile {
  readonly stages: readonly DockerfileStage[];
  readonly images: readonly DockerfileImage[];
  readonly problems: readonly ParseProblem[];
}

/** One logical instruction after continuations are joined. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

// Parses a Dockerfile; never throws.
export function parseDockerfile(text: string): Dockerfile {
  const problems: ParseProblem[] = [];
  const instructions = joinInstructions(text, problems);
  const globals = new Map<string, string | undefined>();
  const stages: DockerfileStage[] = [];
  const images: DockerfileImage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "ARG" && stages.length === 0) readArgInstruction(instruction, globals, problems);
    else if (instruction.keyword === "FROM") readFrom(instruction, globals, stages, images, problems);
    else if (stages.length === 0) {
      problems.push({ line: instruction.line, message: `${instruction.keyword} comes before the first FROM` });
    } else readFromFlags(instruction, globals, stages, images, problems);
  }
  if (stages.length === 0) problems.push({ line: 1, message: "there is no FROM instruction" });
  return { stages, images, problems };
}

function readFrom(
  instruction: Instruction,
  globals: ReadonlyMap<string, string | undefined>,
  stages: DockerfileStage[],
  images: DockerfileImage[],
  problems: ParseProblem[],
): void {
  const { line } = instruction;
  const words = instruction.args.split(/\s+/).filter((w) => w !== "");
  const flags = takeFlags(words);
  const [written, as, name, ...extra] = words;
  if (written === undefined) {
    problems.push({ line, message: "FROM needs an image" });
    return;
  }
  if ((as !== undefined && as.toUpperCase() !== "AS") || (as !== undefined && name === undefined) || extra.length) {
    problems.push({ line, message: "expected `FROM [--platform=…] image [AS name]`" });
  }
  const base = expandArgs(written, globals, line, problems);
  const stage = as?.toUpperCase() === "AS" ? name?.toLowerCase() : undefined;
  const platform = flags.find(([k]) => k === "platform")?.[1];
  if (isImage(base, stages)) {
    images.push({
      reference: base,
      written,
      line,
      source: "FROM",
      ...(platform ? { platform } : {}),
      ...(stage ? { stage } : {}),
    });
  }
  stages.push({ index: stages.length, base, line, ...(stage ? { name: stage } : {}) });
}

// `COPY --from=x` and `ADD --from=x` name a stage (by name or index) or an image; so does `RUN --mount=…,from=x`.
function readFromFlags(
  instruction: Instruction,
  globals: ReadonlyMap<string, string | undefined>,
  stages: readonly DockerfileStage[],
  images: DockerfileImage[],
  problems: ParseProblem[],
): void {
  const { keyword, line } = instruction;
  const flags = takeFlags(instruction.args.split(/\s+/).filter((w) => w !== ""));
  const found: [string, DockerfileSource][] = [];
  for (const [name, value] of flags) {
    if ((keyword === "COPY" || keyword === "ADD") && name === "from" && value) found.push([value, "COPY --from"]);
    const mounted = keyword === "RUN" && name === "mount" ? /(?:^|,)from=([^,]+)/.exec(value)?.[1] : undefined;
    if (mounted) found.push([mounted, "RUN --mount"]);
  }
  for (const [written, source] of found) {
    const reference = expandArgs(written, globals, line, problems);
    if (!/^\d+$/.test(reference) && isImage(reference, stages)) images.push({ reference, written, line, source });
  }
}

// Removes the leading `--name[=value]` words and returns them as [name, value] pairs (names lower-cased).
function takeFlags(words: string[]): [string, string][] {
  const flags: [string, string][] = [];
  while (words[0]?.startsWith("--")) {
    const word = words.shift() as string;
    const eq = word.indexOf("=");
    flags.push(eq < 0 ? [word.slice(2).toLowerCase(), ""] : [word.slice(2, eq).toLowerCase(), word.slice(eq + 1)]);
  }
  return flags;
}

// An image, not `scratch` and not an earlier stage's name (stage names are case-insensitive).
function isImage(base: string, stages: readonly DockerfileStage[]): boolean {
  const lower = base.toLowerCase();
  return base !== "" && lower !== "scratch" && !stages.some((s) => s.name === lower);
}
