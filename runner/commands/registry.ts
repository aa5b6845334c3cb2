import { parseCommandArgs } from "../args.js";
import { EXIT, LabsError, usageError } from "../errors.js";
import { labsHome } from "../home.js";
import { readState } from "../state/state.js";
import { GLYPH } from "../ui/style.js";
import type { Command, CommandContext } from "./context.js";

const usage =
  "labs registry serve [--port P] [--host H] [--root DIR] | labs registry gc [--dry-run] [--delete-untagged]";

// `labs registry`: run the embedded registry in the foreground, or garbage-collect the lab registry.
export const registryCommand: Command = {
  meta: {
    name: "registry",
    summary: "Run the embedded registry, or garbage-collect the lab registry",
    usage,
    examples: ["labs registry serve --port 5050", "labs registry gc --dry-run", "labs registry gc --delete-untagged"],
  },
  async run(args, ctx) {
    const [sub, ...rest] = args;
    if (sub === "serve") return serve(rest, ctx);
    if (sub === "gc") return gc(rest, ctx);
    throw usageError(
      sub === undefined ? "Which registry action?" : `Unknown registry action "${sub}".`,
      `Usage: ${usage}`,
    );
  },
};

async function serve(args: readonly string[], ctx: CommandContext) {
  const { values } = parseCommandArgs(
    args,
    { port: { type: "string" }, host: { type: "string" }, root: { type: "string" } },
    usage,
  );
  const { startEmbeddedRegistry } = await import("../registry/embedded/index.js");
  const port = values.port === undefined ? 5000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port ${values.port} is not a port.`);
  const auth = ctx.env.LABS_REGISTRY_USER
    ? { username: ctx.env.LABS_REGISTRY_USER, password: ctx.env.LABS_REGISTRY_PASSWORD ?? "" }
    : undefined;
  const root = values.root ?? labsHome(ctx.env).registryDir;
  const server = await startEmbeddedRegistry({ root, host: values.host ?? "127.0.0.1", port, auth });
  ctx.stdout.write(`${GLYPH.pass} Embedded OCI registry serving ${server.url} (data in ${root}). Ctrl-C stops it.\n`);
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return EXIT.ok;
}

async function gc(args: readonly string[], ctx: CommandContext) {
  const { values } = parseCommandArgs(
    args,
    { "dry-run": { type: "boolean" }, "delete-untagged": { type: "boolean" } },
    usage,
  );
  const options = { dryRun: values["dry-run"] === true, deleteUntagged: values["delete-untagged"] === true };
  const home = labsHome(ctx.env);
  const state = await readState(home.stateFile);
  if (state.registry?.kind === "docker") {
    const docker = await import("../registry/docker/index.js");
    const result = await docker.runRegistryGc(home.root, options);
    ctx.stdout.write(result.output.endsWith("\n") ? result.output : `${result.output}\n`);
    return EXIT.ok;
  }
  if (state.registry && state.registry.kind !== "embedded") {
    throw new LabsError(
      "ENVIRONMENT",
      `Garbage collection runs on the lab's own registry, not on ${state.registry.url}.`,
      "Ask that registry's operator.",
    );
  }
  // Like distribution, collection needs the registry stopped: stop it, collect, start it again on its port.
  const { collectGarbage } = await import("../registry/embedded/index.js");
  const { findEmbedded, launchEmbedded, stopEmbedded } = await import("../registry/embedded-launcher.js");
  const running = findEmbedded(home.registryDir);
  if (running) await stopEmbedded(home.registryDir);
  try {
    const report = await collectGarbage(home.registryDir, options);
    ctx.stdout.write(
      `${GLYPH.pass} ${options.dryRun ? "Would remove" : "Removed"} ${report.blobsRemoved.length} blobs and ` +
        `${report.manifestsRemoved.length} manifests (${report.bytesFreed} bytes).\n`,
    );
    for (const m of report.manifestsRemoved) ctx.stdout.write(`  manifest ${m.repository}@${m.digest}\n`);
    for (const d of report.blobsRemoved) ctx.stdout.write(`  blob ${d}\n`);
  } finally {
    if (running) await launchEmbedded(home, running.port);
  }
  return EXIT.ok;
}
