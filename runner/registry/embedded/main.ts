import { rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type CheckAgent, serveCheckAgent } from "../../agent/serve-agent.js";
import { agentSocketPath } from "../../agent/socket-path.js";
import { REGISTRY_INFO_FILE, readRegistryInfo, writeRegistryInfo } from "./process-info.js";
import { startEmbeddedRegistry } from "./start.js";

// Process entry point for a detached registry:
//   node dist/runner/registry/embedded/main.js --root DIR [--port P] [--host H] [--allow-host NAME] [--no-audit-log]
//     [--fsync] [--agent LABS_HOME]
// Credentials, if any, come from LABS_REGISTRY_USER and LABS_REGISTRY_PASSWORD (never argv, which `ps` shows).
// Once listening it writes <root>/registry.json atomically and prints one JSON line; SIGTERM or SIGINT finish
// in-flight requests, remove registry.json and let the process exit. With --agent it also answers `labs check`
// for that labs home on a private Unix socket (runner/agent).

function parseCommandLine(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      root: { type: "string" },
      port: { type: "string", default: "0" },
      host: { type: "string", default: "127.0.0.1" },
      "allow-host": { type: "string", multiple: true },
      "no-audit-log": { type: "boolean", default: false },
      fsync: { type: "boolean", default: false },
      agent: { type: "string" },
    },
    strict: true,
  });
  if (!values.root) throw new Error("--root DIR is required");
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${values.port}`);
  return {
    root: values.root,
    port,
    host: values.host,
    allowedHosts: values["allow-host"] ?? [],
    audit: !values["no-audit-log"],
    fsync: values.fsync,
    agentHome: values.agent,
  };
}

// Starts the registry from command-line arguments and stops it on SIGTERM/SIGINT.
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const args = parseCommandLine(argv);
  const username = process.env.LABS_REGISTRY_USER;
  const password = process.env.LABS_REGISTRY_PASSWORD;
  const registry = await startEmbeddedRegistry({
    root: args.root,
    port: args.port,
    host: args.host,
    allowedHosts: args.allowedHosts,
    auditLog: args.audit,
    limits: { fsync: args.fsync },
    ...(username && password ? { auth: { username, password } } : {}),
  });
  const agent = args.agentHome ? await startAgent(registry.root, args.agentHome) : undefined;
  const info = await writeRegistryInfo(registry);
  process.stdout.write(`${JSON.stringify({ event: "listening", url: info.url, pid: info.pid })}\n`);
  const stop = async () => {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    await agent?.close();
    await registry.close();
    if ((await readRegistryInfo(registry.root))?.pid === process.pid) {
      await rm(join(registry.root, REGISTRY_INFO_FILE), { force: true });
    }
    process.stdout.write(`${JSON.stringify({ event: "stopped", pid: process.pid })}\n`);
  };
  const onSignal = () => {
    stop().catch((err: unknown) => {
      process.stderr.write(`labs registry: stopping: ${(err as Error).message}\n`);
      process.exitCode = 1;
    });
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

// The check agent for `home`, when its socket path fits; without it `labs check` runs in its own process.
async function startAgent(root: string, home: string): Promise<CheckAgent | undefined> {
  const socket = agentSocketPath(root);
  if (!socket) return undefined;
  const log = (event: Readonly<Record<string, unknown>>) => process.stdout.write(`${JSON.stringify(event)}\n`);
  try {
    return await serveCheckAgent(socket, home, log);
  } catch (error) {
    log({ event: "agent", error: `not started: ${(error as Error).message}` });
    return undefined;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`labs registry: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
}
