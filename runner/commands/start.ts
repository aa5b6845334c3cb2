import type { LabDefinition } from "../../grader/lab/types.js";
import { parseCommandArgs, parseLabNumber } from "../args.js";
import { CREDENTIAL_OPTIONS, readFlagCredentials } from "../credentials/flags.js";
import { EXIT, LabsError, usageError } from "../errors.js";
import { type LabsHome, labsHome } from "../home.js";
import { labEntry } from "../lab-file/lab-entry.js";
import type { LabSession } from "../lab-session.js";
import { LEARNER_PATTERN } from "../seeding/variant.js";
import { readState } from "../state/state.js";
import type { Command } from "./context.js";

const usage =
  "labs start N [--registry docker|embedded|URL] [--port P] [--learner ID] [--username NAME --password-stdin]";

// `labs start N`: makes sure a registry runs, seeds the lab into it (once: a later start resumes), writes its
// workspace files, shows the task.
export const startCommand: Command = {
  meta: {
    name: "start",
    summary: "Start a lab: a registry, the seeded images and your task",
    usage,
    examples: [
      "labs start 9",
      "labs start 9 --registry embedded",
      "labs start 9 --registry http://registry.example:5000 --learner ada",
    ],
  },
  async run(args, ctx) {
    const started = performance.now();
    const options = {
      registry: { type: "string" },
      port: { type: "string" },
      learner: { type: "string" },
      ...CREDENTIAL_OPTIONS,
    } as const;
    const { values, positionals } = parseCommandArgs(args, options, usage);
    const auth = { env: ctx.env, flags: await readFlagCredentials(values) };
    const number = parseLabNumber(positionals[0], usage);
    const port = values.port === undefined ? undefined : parsePort(values.port);
    const learner = values.learner === undefined ? undefined : parseLearner(values.learner);
    const home = labsHome(ctx.env);
    // No registry starts for a lab that does not exist.
    const [state] = await Promise.all([readState(home.stateFile), labEntry(number, ctx.env)]);
    const sessionLearner = learner ?? state.labs[String(number)]?.learner;
    // Only what choosing a registry needs has loaded so far: an embedded registry's process starts first, and the
    // lab, its seed and the rest of this command load while it boots (on the other core).
    const { ensureRegistry, parseRegistryRequest } = await import("../registry/select.js");
    let prepared: PreparedLab | undefined;
    const chosen = await ensureRegistry(home, state, parseRegistryRequest(values.registry ?? ctx.env.LABS_REGISTRY), {
      port,
      auth,
      env: ctx.env,
      whileStarting: async () => {
        prepared = await prepareLab(number, home, sessionLearner, ctx.env);
      },
    });
    const { lab, session, modules } = prepared!;
    const missing = modules.capabilities.missingCapabilities(lab, chosen.record.capabilities);
    if (missing.length > 0)
      throw new LabsError(
        "REGISTRY_UNSUITABLE",
        `Lab ${number} needs a registry that allows ${missing.join(" and ")}; ${chosen.record.hostPort} does not.`,
        "Run it on the embedded or Docker registry (`labs start N --registry embedded`), or ask your course staff to enable deletion on the course registry.",
      );
    // Seeded here before: the learner's work in the registry is left as it is (`labs reset N` brings the seed back).
    const mark = modules.resume.seedMark(chosen.record, home, session.prefix, session.variant);
    const { url } = chosen.record;
    const resumed = await modules.resume.seededBefore(state.labs[String(number)], mark, {
      url,
      seed: lab.seed,
      auth: modules.credentials.registryAuth(url, auth),
    });
    if (!resumed)
      await modules.push.seedLab(
        url,
        session.prefix,
        lab.seed,
        session.variant,
        modules.credentials.registryAuth(url, { ...auth, push: true }),
      );
    const files = await modules.workspace.prepareWorkspace(lab, session, chosen.record.hostPort);
    await modules.state.updateState(home.stateFile, (s) => ({
      ...s,
      port: chosen.record.kind === "remote" ? s.port : Number(new URL(chosen.record.url).port),
      registry: chosen.record,
      current: number,
      labs: {
        ...s.labs,
        // The session (prefix and learner) is the one just seeded; progress so far is kept.
        [String(number)]: {
          ...(s.labs[String(number)] ?? { startedAt: new Date().toISOString(), checks: 0 }),
          prefix: session.prefix,
          learner: session.learner,
          seeded: modules.resume.withMark(s.labs[String(number)], mark),
        },
      },
    }));
    const c = modules.style.paint(ctx.stdout, ctx.env);
    const elapsed = Math.round(performance.now() - started);
    ctx.stdout.write(modules.render.renderStart(lab, chosen, session, { files, resumed, elapsedMs: elapsed }, c));
    return EXIT.ok;
  },
};

/** Lab N loaded with its session and seed built, and the modules the rest of `labs start` uses. */
interface PreparedLab {
  readonly lab: LabDefinition;
  readonly session: LabSession;
  readonly modules: Awaited<ReturnType<typeof loadStartModules>>;
}

// Loads the lab, its session and seed (memoised for seedLab), and the modules seeding and rendering need.
async function prepareLab(
  number: number,
  home: LabsHome,
  learner: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<PreparedLab> {
  const [{ loadLab }, { labSession }, { buildSeed }, modules] = await Promise.all([
    import("../lab-file/catalog.js"),
    import("../lab-session.js"),
    import("../seeding/build.js"),
    loadStartModules(),
  ]);
  const lab = await loadLab(number, env, { learner });
  const session = await labSession(lab, home, learner, env);
  buildSeed(lab.seed, session.variant);
  return { lab, session, modules };
}

// The modules the rest of `labs start` uses, loaded together while the registry boots.
async function loadStartModules() {
  const [capabilities, credentials, push, resume, workspace, state, render, style] = await Promise.all([
    import("../lab-file/required-capabilities.js"),
    import("../credentials/registry-auth.js"),
    import("../seeding/push.js"),
    import("../seeding/resume.js"),
    import("../workspace/prepare.js"),
    import("../state/state.js"),
    import("../ui/render-start.js"),
    import("../ui/style.js"),
  ]);
  return { capabilities, credentials, push, resume, workspace, state, render, style };
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1024 || port > 65535)
    throw usageError(`--port ${text} is not a port from 1024 to 65535.`);
  return port;
}

function parseLearner(text: string): string {
  if (LEARNER_PATTERN.test(text) && text.length <= 64) return text;
  throw usageError(
    `--learner "${text}" cannot be part of a repository name.`,
    "Use lower-case letters, digits and . _ - (at most 64).",
  );
}
