import { parseCommandArgs } from "../args.js";
import { CREDENTIAL_OPTIONS } from "../credentials/flags.js";
import { EXIT, LabsError } from "../errors.js";
import { paint } from "../ui/style.js";
import { changeSource } from "../watch/change-feeds.js";
import { gradeWatchedLab, outcomeChanges } from "../watch/grade-run.js";
import { runWatchLoop } from "../watch/loop.js";
import { lineOutput, listenKeys, listenSignals, screenOutput } from "../watch/terminal.js";
import type { Command } from "./context.js";
import { openLab } from "./open-lab.js";

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
    const { home, state, number, lab, registry, session } = await openLab(positionals[0], values, ctx, usage);
    if (!state.labs[String(number)])
      throw new LabsError("NO_LAB_STARTED", `Lab ${number} has not been started.`, `Run \`labs start ${number}\`.`);
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
