import { parseCommandArgs, parseLabNumber } from "../args.js";
import { CREDENTIAL_OPTIONS, readFlagCredentials } from "../credentials/flags.js";
import { EXIT, LabsError } from "../errors.js";
import { labsHome } from "../home.js";
import { loadLab } from "../lab-file/catalog.js";
import { recordedSession } from "../lab-session.js";
import { openRegistry } from "../registry/open.js";
import { readState } from "../state/state.js";
import { paint } from "../ui/style.js";
import { changeSource } from "../watch/change-feeds.js";
import { gradeWatchedLab, outcomeChanges } from "../watch/grade-run.js";
import { runWatchLoop } from "../watch/loop.js";
import { lineOutput, listenKeys, listenSignals, screenOutput } from "../watch/terminal.js";
import { currentLab } from "./check.js";
import type { Command } from "./context.js";

const usage = "labs watch [N] [--poll] [--username NAME --password-stdin]";

// `labs watch`: the lab's tasks, regraded live as the learner works; passed tasks stay passed until `r`.
export const watchCommand: Command = {
  meta: {
    name: "watch",
    summary: "Watch your tasks turn green as you work (r checks afresh, q quits)",
    usage,
    examples: ["labs watch", "labs watch 9", "labs watch 9 --poll"],
  },
  async run(args, ctx) {
    const options = { poll: { type: "boolean" }, ...CREDENTIAL_OPTIONS } as const;
    const { values, positionals } = parseCommandArgs(args, options, usage);
    const flags = await readFlagCredentials(values);
    const home = labsHome(ctx.env);
    const state = await readState(home.stateFile);
    const number = positionals[0] === undefined ? currentLab(state.current) : parseLabNumber(positionals[0], usage);
    const lab = await loadLab(number, ctx.env);
    if (!state.labs[String(number)])
      throw new LabsError("NO_LAB_STARTED", `Lab ${number} has not been started.`, `Run \`labs start ${number}\`.`);
    const registry = await openRegistry(state, number, { env: ctx.env, flags });
    const session = recordedSession(lab, home, state, ctx.env);
    const source = changeSource(home, session, registry, number, values.poll === true);
    const c = paint(ctx.stdout, ctx.env);
    const terminal = ctx.stdout.isTTY === true && process.stdin.isTTY === true;
    const record = outcomeChanges();
    await runWatchLoop({
      lab,
      via: source.via,
      grade: () => gradeWatchedLab({ lab, home, env: ctx.env, registry }, record),
      output: terminal ? screenOutput(ctx.stdout, c) : lineOutput(ctx.stdout, c),
      startFeeds: source.start,
      listen: (onAction) => {
        const stopSignals = listenSignals(() => onAction("quit"));
        const stopKeys = terminal ? listenKeys(process.stdin, onAction) : () => {};
        return () => {
          stopKeys();
          stopSignals();
        };
      },
    });
    return EXIT.ok;
  },
};
