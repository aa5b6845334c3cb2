import { parseCommandArgs, parseLabNumber } from "../args.js";
import { CREDENTIAL_OPTIONS, readFlagCredentials } from "../credentials/flags.js";
import { registryAuth } from "../credentials/registry-auth.js";
import { EXIT, LabsError, usageError } from "../errors.js";
import { labsHome } from "../home.js";
import { loadLab } from "../lab-file/catalog.js";
import { missingCapabilities } from "../lab-file/required-capabilities.js";
import { labSession } from "../lab-session.js";
import { ensureRegistry, parseRegistryRequest } from "../registry/select.js";
import { buildSeed } from "../seeding/build.js";
import { seedLab } from "../seeding/push.js";
import { LEARNER_PATTERN } from "../seeding/variant.js";
import { readState, updateState } from "../state/state.js";
import { renderStart } from "../ui/render-start.js";
import { paint } from "../ui/style.js";
import { prepareWorkspace } from "../workspace/prepare.js";
import type { Command } from "./context.js";

const usage =
  "labs start N [--registry docker|embedded|URL] [--port P] [--learner ID] [--username NAME --password-stdin]";

// `labs start N`: makes sure a registry runs, seeds the lab into it, writes its workspace files, shows the task.
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
    const state = await readState(home.stateFile);
    const sessionLearner = learner ?? state.labs[String(number)]?.learner;
    const lab = await loadLab(number, ctx.env, { learner: sessionLearner });
    const session = await labSession(lab, home, sessionLearner, ctx.env);
    // The seed is built (and memoised for seedLab) while an embedded registry boots in its own process.
    const chosen = await ensureRegistry(
      home,
      state,
      parseRegistryRequest(values.registry ?? ctx.env.LABS_REGISTRY),
      port,
      auth,
      () => buildSeed(lab.seed, session.variant),
    );
    const missing = missingCapabilities(lab, chosen.record.capabilities);
    if (missing.length > 0)
      throw new LabsError(
        "REGISTRY_UNSUITABLE",
        `Lab ${number} needs a registry that allows ${missing.join(" and ")}; ${chosen.record.hostPort} does not.`,
        "Run it on the embedded or Docker registry (`labs start N --registry embedded`), or ask your course staff to enable deletion on the course registry.",
      );
    const writerAuth = registryAuth(chosen.record.url, { ...auth, push: true });
    await seedLab(chosen.record.url, session.prefix, lab.seed, session.variant, writerAuth);
    const files = await prepareWorkspace(lab, session, chosen.record.hostPort);
    await updateState(home.stateFile, (s) => ({
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
        },
      },
    }));
    const c = paint(ctx.stdout, ctx.env);
    ctx.stdout.write(renderStart(lab, chosen, session, files, Math.round(performance.now() - started), c));
    return EXIT.ok;
  },
};

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
