import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { stringify } from "yaml";
import { pingRegistry } from "../../grader/registry/index.js";

/** Debian's CNCF distribution 2.8.2 (package `docker-registry`), run directly, without Docker. */
export const DISTRIBUTION_BINARY = "/usr/bin/docker-registry";

/** A running registry process; stop it, or bind it with `await using`. */
export interface RunningDistribution {
  readonly url: string;
  readonly rootDir: string;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** distribution's `auth.token` stanza: where clients get tokens and the certificate their signatures chain to. */
export interface DistributionTokenAuth {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  readonly rootCertBundle: string;
}

/** Options: htpasswd basic auth with one user, or token auth against a token server. */
export interface DistributionOptions {
  readonly auth?: { readonly user: string; readonly password: string };
  readonly token?: DistributionTokenAuth;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

const BCRYPT_ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// An htpasswd line with a bcrypt hash (the only kind distribution accepts), made by perl's crypt(3):
// perl-base and libcrypt1 (libxcrypt, which implements `$2b$`) are essential packages on Debian.
export function htpasswdLine(user: string, password: string): string {
  const random = randomBytes(22);
  // The 22nd character carries only 2 bits, so it must be one of `.Oeu`.
  const salt = Array.from(random.subarray(0, 21), (b) => BCRYPT_ALPHABET[b % 64]).join("") + ".Oeu"[random[21]! % 4];
  const hash = execFileSync("perl", ["-e", "print crypt($ENV{LABS_PW}, $ENV{LABS_SALT})"], {
    env: { ...process.env, LABS_PW: password, LABS_SALT: `$2b$05$${salt}` },
    encoding: "utf8",
  });
  if (!hash.startsWith("$2b$05$")) throw new Error(`perl crypt() does not support bcrypt here (got ${hash})`);
  return `${user}:${hash}\n`;
}

function authStanza(htpasswdPath: string | undefined, token: DistributionTokenAuth | undefined) {
  if (token) {
    const { realm, service, issuer, rootCertBundle } = token;
    return { auth: { token: { realm, service, issuer, rootcertbundle: rootCertBundle } } };
  }
  return htpasswdPath ? { auth: { htpasswd: { realm: "labs", path: htpasswdPath } } } : {};
}

function formatConfig(rootDir: string, port: number, htpasswdPath?: string, token?: DistributionTokenAuth): string {
  return stringify({
    version: 0.1,
    log: { level: "warn", accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: join(rootDir, "data") },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: { addr: `127.0.0.1:${port}`, secret: randomBytes(16).toString("hex") },
    ...authStanza(htpasswdPath, token),
  });
}

// Polls GET /v2/ until the registry answers (200, or 401 with auth), or fails with the process output.
async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`docker-registry exited (${child.exitCode ?? child.signalCode}): ${output()}`);
    }
    try {
      const ping = await pingRegistry(url, { timeoutMs: 1000 });
      if (ping.status === 200 || ping.status === 401) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`docker-registry did not answer on ${url} within 15 s: ${output()}`);
}

// A shell that holds a pipe from this process: when the pipe closes because this process ended, however it
// ended (a vitest worker is killed, not exited), it kills the registry and removes its directory.
function startWatchdog(pid: number, rootDir: string): ChildProcess {
  const script = 'while read -r _; do :; done; kill -KILL "$1" 2>/dev/null; sleep 0.2; rm -rf "$2"';
  const watchdog = spawn("sh", ["-c", script, "watchdog", String(pid), rootDir], {
    stdio: ["pipe", "ignore", "ignore"],
  });
  watchdog.unref();
  (watchdog.stdin as unknown as { unref(): void }).unref();
  return watchdog;
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

interface Launched {
  readonly child: ChildProcess;
  readonly output: () => string;
}

// Spawns the registry on a config, collecting the tail of its output for error messages.
function spawnRegistry(configPath: string): Launched {
  const child = spawn(DISTRIBUTION_BINARY, ["serve", configPath], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer | string) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  child.on("error", (error) => collect(String(error)));
  return { child, output: () => output };
}

// One attempt on a fresh port; on failure the process is gone and the directory is left to the caller.
async function launch(
  rootDir: string,
  htpasswdPath: string | undefined,
  token?: DistributionTokenAuth,
): Promise<RunningDistribution> {
  const port = await freePort();
  const configPath = join(rootDir, "config.yml");
  await writeFile(configPath, formatConfig(rootDir, port, htpasswdPath, token));
  const { child, output } = spawnRegistry(configPath);
  if (child.pid === undefined) throw new Error(`cannot start ${DISTRIBUTION_BINARY}: ${output()}`);
  const watchdog = startWatchdog(child.pid, rootDir);
  for (const handle of [child, child.stdout, child.stderr]) (handle as unknown as { unref(): void } | null)?.unref();
  const halt = async () => {
    await terminate(child);
    watchdog.kill("SIGKILL");
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, child, output);
  } catch (error) {
    await halt();
    throw error;
  }
  const stop = async () => {
    await halt();
    await rm(rootDir, { recursive: true, force: true });
  };
  return { url, rootDir, stop, [Symbol.asyncDispose]: stop };
}

// Starts distribution on 127.0.0.1 with a free port and a temporary root directory (deleted on stop). The
// process is also killed when the test process ends without calling stop. A lost port race is retried.
export async function startDistribution(options: DistributionOptions = {}): Promise<RunningDistribution> {
  const rootDir = await mkdtemp(join(tmpdir(), "labs-distribution-"));
  try {
    const htpasswdPath = options.auth ? join(rootDir, "htpasswd") : undefined;
    if (options.auth && htpasswdPath) {
      await writeFile(htpasswdPath, htpasswdLine(options.auth.user, options.auth.password));
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await launch(rootDir, htpasswdPath, options.token);
      } catch (error) {
        if (attempt >= 3 || !/address already in use/.test(String(error))) throw error;
      }
    }
  } catch (error) {
    await rm(rootDir, { recursive: true, force: true });
    throw error;
  }
}
