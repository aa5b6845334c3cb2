// The lab registry's loopback port (runner/registry/port.ts): the registry's own, free, or held by another program.

import { PORT_RANGE } from "../../registry/port.js";
import type { DoctorCheck, DoctorContext, DoctorResult } from "../types.js";

const id = "port";

// A port this home already uses must be free (or be its registry); a first choice that is taken only moves on.
export const portCheck: DoctorCheck = {
  id,
  async run(ctx) {
    const facts = await ctx.registry();
    const record = facts.record;
    if (record?.kind === "remote") {
      return { id, status: "info", summary: `The lab registry is remote (${record.url}); no local port is used.` };
    }
    const port = Number(facts.hostPort.split(":").at(-1));
    const sticky = record !== undefined || facts.state.port !== undefined;
    if (record && facts.answering) {
      return { id, status: "ok", summary: `Port ${port} on 127.0.0.1 is the lab registry's own.` };
    }
    if (await ctx.deps.isPortFree(port)) {
      return { id, status: "ok", summary: `Port ${port} on 127.0.0.1 is free for the lab registry.` };
    }
    const holder = await whoListens(ctx, port);
    return sticky ? stickyTaken(port, holder) : await firstChoiceTaken(ctx, port, holder);
  },
};

function stickyTaken(port: number, holder: string): DoctorResult {
  return {
    id,
    status: "warn",
    summary: `Port ${port} on 127.0.0.1, where this labs home's registry listens, is taken by ${holder}; \`labs start\` cannot start the registry there.`,
    fix:
      `Stop that program (\`ss -ltnp 'sport = :${port}'\` shows it${holder.startsWith("docker-proxy") ? `; \`docker ps --filter publish=${port}\` shows the container` : ""}), ` +
      "or move the registry with `labs start N --port P` (addresses in your workspace files then change).",
  };
}

async function firstChoiceTaken(ctx: DoctorContext, port: number, holder: string): Promise<DoctorResult> {
  const next = await ctx.deps.choosePort(ctx.deps.home.root);
  if (next === undefined) {
    return {
      id,
      status: "fail",
      summary: `Every port from ${PORT_RANGE.first} to ${PORT_RANGE.last} on 127.0.0.1 is taken: no lab registry can start.`,
      fix: "Stop other lab registries (`labs stop` in each labs home) or other servers in that range, then run `labs doctor` again.",
    };
  }
  return {
    id,
    status: "info",
    summary: `Port ${port} on 127.0.0.1, this labs home's first choice, is taken by ${holder}; \`labs start\` will use ${next}.`,
  };
}

// "node (pid 123)" from `ss -Hltnp`, else "another program" (ss shows other users' processes only to root).
async function whoListens(ctx: DoctorContext, port: number): Promise<string> {
  const ss = await ctx.run("ss", ["-Hltnp", `sport = :${port}`], { timeoutMs: 1_000 });
  const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(ss.stdout);
  return match ? `${match[1]} (pid ${match[2]})` : "another program";
}
