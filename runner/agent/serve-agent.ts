import { chmodSync, mkdirSync, rmSync, statSync } from "node:fs";
import { realpath } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { packageRoot } from "../package-root.js";
import { capture } from "../ui/capture.js";
import { parseAgentRequest } from "./agent-request.js";

// The check agent: the embedded registry's process also answers `labs check` for the `labs` launcher (bin/labs)
// on a Unix socket only its user can open, so a check costs one request instead of starting Node and loading
// the grader again. It runs the very same code (`runCli`) with the caller's environment, and declines (409)
// anything it should not answer: another installation, a rebuilt one, or a run that wrote to stderr; the
// launcher then runs `labs` itself, so the learner always gets an answer.

const MAX_BODY = 64 * 1024;
/**
 * When to load the grader ahead of the first check: after `labs start` has seeded, since loading it on the
 * registry's one thread while seeds arrive made seeding twice as slow.
 */
const PREWARM_AFTER_MS = 1_500;
/** Exit codes travel as statuses 200 to 203 (204 and 205 carry no body). */
const HIGHEST_EXIT = 3;

/** A running agent. */
export interface CheckAgent {
  readonly socket: string;
  close(): Promise<void>;
}

/** One line of the registry's log per request the agent answered or declined. */
export type AgentLog = (event: Readonly<Record<string, unknown>>) => void;

// Listens on `socket` (in a folder made private to this user) and grades for the labs home `home`.
export async function serveCheckAgent(socket: string, home: string, log: AgentLog): Promise<CheckAgent> {
  mkdirSync(dirname(socket), { recursive: true, mode: 0o700 });
  chmodSync(dirname(socket), 0o700);
  rmSync(socket, { force: true });
  const root = packageRoot();
  const build = buildStamp(root);
  const server = createServer((req, res) => {
    answer(req, res, { root, build, home, log }).catch((error: unknown) => {
      log({ event: "agent", error: (error as Error).message });
      if (!res.headersSent) reply(res, 409, "");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socket, () => resolve());
  });
  chmodSync(socket, 0o600);
  // Load the grader now, so the learner's first check is as quick as the next.
  setTimeout(() => void import("../commands/check.js").catch(() => undefined), PREWARM_AFTER_MS).unref();
  return {
    socket,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        rmSync(socket, { force: true });
      }),
  };
}

interface AgentContext {
  readonly root: string;
  readonly build: number;
  readonly home: string;
  readonly log: AgentLog;
}

async function answer(req: IncomingMessage, res: ServerResponse, agent: AgentContext): Promise<void> {
  if (req.method !== "POST" || req.url !== "/v1/run") return reply(res, 404, "");
  const body = await readBody(req);
  const request = body === undefined ? undefined : parseAgentRequest(body);
  const current =
    request !== undefined && (await sameFolder(request.root, agent.root)) && buildStamp(agent.root) === agent.build;
  if (!request || !current) {
    agent.log({ event: "agent", declined: request ? "another or a rebuilt installation" : "not a request it answers" });
    return reply(res, 409, "");
  }
  const stdout = capture(request.tty);
  const stderr = capture(request.tty);
  const started = performance.now();
  const { runCli } = await import("../cli.js");
  const code = await runCli(request.args, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: { ...request.env, PATH: process.env.PATH ?? "", LABS_HOME: agent.home },
    cwd: agent.home,
  });
  const ms = Math.round(performance.now() - started);
  if (stderr.text() !== "" || code > HIGHEST_EXIT) {
    agent.log({ event: "agent", args: request.args, exit: code, ms, declined: "wrote to stderr" });
    return reply(res, 409, "");
  }
  agent.log({ event: "agent", args: request.args, exit: code, ms });
  reply(res, 200 + code, stdout.text());
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function sameFolder(a: string, b: string): Promise<boolean> {
  try {
    return (await realpath(a)) === (await realpath(b));
  } catch {
    return false;
  }
}

/** When the installed CLI was last built or replaced: a changed stamp means the agent's code is stale. */
function buildStamp(root: string): number {
  try {
    return statSync(join(root, "dist", "runner", "cli.js")).mtimeMs;
  } catch {
    return Number.NaN;
  }
}
