import { parseCommandArgs } from "../args.js";
import { EXIT, usageError } from "../errors.js";
import { openLabRegistry } from "../inspect/open-lab.js";
import { renderWhatis } from "../inspect/render-whatis.js";
import { searchScope } from "../inspect/search-scope.js";
import { whatisDigest } from "../inspect/whatis.js";
import { parseDigestQuery } from "../inspect/whatis-query.js";
import { paint } from "../ui/style.js";
import type { Command } from "./context.js";

const usage = "labs whatis DIGEST [--repo REPO] [--json]";
const options = { repo: { type: "string" }, json: { type: "boolean" } } as const;

// `labs whatis`: what a pasted digest is in the lab registry (index, manifest, config, layer, DiffID…) and
// which tags reach it.
export const whatisCommand: Command = {
  meta: {
    name: "whatis",
    summary: "Say what a digest is in the lab registry and which tags reach it",
    usage,
    examples: ["labs whatis sha256:0123…", "labs whatis 0123456789ab --repo lab09/src/app"],
  },
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, options, usage);
    if (positionals.length !== 1) throw usageError("Give one digest.", `Usage: ${usage}`);
    const text = positionals[0] as string;
    const query = parseDigestQuery(text, usage);
    const lab = await openLabRegistry(ctx.env);
    const scope = await searchScope(lab, ctx.env, values.repo);
    const answer = await whatisDigest(lab.client, lab.record.hostPort, scope.repositories, query, text);
    const c = paint(ctx.stdout, ctx.env);
    const style = { dim: c.dim, bad: c.red, strong: c.bold };
    ctx.stdout.write(
      values.json ? `${JSON.stringify({ ...answer, scope: scope.from }, null, 2)}\n` : renderWhatis(answer, style),
    );
    return answer.kind === "unknown" ? EXIT.checksFailed : EXIT.ok;
  },
};
