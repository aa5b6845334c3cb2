import { mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { type AuditSink, NO_AUDIT, openAuditLog } from "./audit/log.js";
import { EMBEDDED_CAPABILITIES } from "./capabilities.js";
import type { RegistryContext } from "./context.js";
import { resolveLimits } from "./defaults.js";
import { createRequestListener, loadRouting } from "./dispatch.js";
import { isLoopbackHostname } from "./http/security.js";
import { acquireRootLock, type RootLock } from "./root-lock.js";
import { layoutOf } from "./storage/layout.js";
import { prepareRoot } from "./storage/prepare.js";
import type {
  EmbeddedRegistryLimits,
  EmbeddedRegistryOptions,
  RegistryCapabilities,
  RunningEmbeddedRegistry,
} from "./types.js";

const CLOSE_GRACE_MS = 10_000;

/** Raised when asked to listen beyond loopback without credentials. */
export class UnsafeListenError extends Error {
  constructor(readonly host: string) {
    super(`refusing to listen on ${host} without auth: only loopback addresses are safe without a password`);
    this.name = "UnsafeListenError";
  }
}

function bareHost(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

function clientHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

// node checks header and request timeouts only this often (30 s by default), so a 20 s headersTimeout could
// take 50 s to fire; check at a quarter of the shorter timeout instead.
function checkingInterval(headersTimeoutMs: number, requestTimeoutMs: number): number {
  return Math.max(100, Math.min(30_000, Math.floor(Math.min(headersTimeoutMs, requestTimeoutMs) / 4)));
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((done, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      done(server.address() as AddressInfo);
    });
  });
}

class EmbeddedRegistryHandle implements RunningEmbeddedRegistry {
  readonly capabilities: RegistryCapabilities = EMBEDDED_CAPABILITIES;
  private closing: Promise<void> | undefined;

  constructor(
    readonly url: string,
    readonly hostPort: string,
    readonly port: number,
    readonly root: string,
    private readonly server: Server,
    private readonly cleanup: () => Promise<void>,
  ) {}

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    const closed = new Promise<void>((done) => this.server.close(() => done()));
    // keep-alive connections become idle when their in-flight request ends; close them as they do
    const idle = setInterval(() => this.server.closeIdleConnections(), 25);
    const force = setTimeout(() => this.server.closeAllConnections(), CLOSE_GRACE_MS);
    this.server.closeIdleConnections();
    await closed;
    clearInterval(idle);
    clearTimeout(force);
    await this.cleanup();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

interface Opened {
  /** The handlers' context, built on first use (its modules load after the server listens). */
  readonly context: () => Promise<RegistryContext>;
  readonly audit: AuditSink;
  readonly limits: EmbeddedRegistryLimits;
  /** Loads what requests need shortly after listening (see WARM_UP_DELAY_MS). */
  readonly warmUp: () => void;
  readonly cleanup: () => Promise<void>;
}

// The first /v2/ (how clients and launchers see the registry is up) should not queue behind module loading, so the
// rest loads this long after listening; a request arriving earlier loads it on demand.
const WARM_UP_DELAY_MS = 20;

// Prepares the root (stale uploads and temporary files removed) and opens the audit log; the rest comes lazily.
async function openRoot(options: EmbeddedRegistryOptions, root: string, lock: RootLock): Promise<Opened> {
  const limits = resolveLimits(options.limits);
  const layout = layoutOf(root);
  await prepareRoot(layout);
  const audit =
    options.auditLog === false
      ? NO_AUDIT
      : await openAuditLog(layout.auditFile, limits.auditMaxBytes, limits.auditKeep);
  let built: Promise<RegistryContext> | undefined;
  const context = () => {
    built ??= import("./runtime.js").then((m) => m.createRegistryContext(layout, limits, options.auth !== undefined));
    return built;
  };
  let warmTimer: NodeJS.Timeout | undefined;
  const warmUp = () => {
    const warn = (err: unknown) => process.emitWarning(`loading the registry: ${(err as Error).message}`);
    warmTimer = setTimeout(() => {
      context().catch(warn);
      loadRouting().catch(warn);
    }, WARM_UP_DELAY_MS);
  };
  const cleanup = async () => {
    clearTimeout(warmTimer);
    if (built) (await built.catch(() => undefined))?.uploads.stop();
    await audit.close();
    await lock.release();
  };
  return { context, audit, limits, warmUp, cleanup };
}

// Starts the embedded OCI registry on `root` (created if needed): loopback only unless auth is given, one process
// per root, stale uploads and temporary files from an earlier run removed before it answers.
export async function startEmbeddedRegistry(options: EmbeddedRegistryOptions): Promise<RunningEmbeddedRegistry> {
  const host = bareHost(options.host ?? "127.0.0.1");
  const loopback = isLoopbackHostname(host);
  if (!loopback && options.auth === undefined) throw new UnsafeListenError(host);
  const root = resolve(options.root);
  await mkdir(root, { recursive: true });
  const lock = await acquireRootLock(layoutOf(root).lockFile);
  let opened: Opened | undefined;
  try {
    opened = await openRoot(options, root, lock);
    const { limits } = opened;
    const policy = {
      anyHost: !loopback,
      allowedHosts: new Set((options.allowedHosts ?? []).map((h) => h.toLowerCase())),
      ...(options.auth ? { auth: options.auth } : {}),
    };
    const server = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        connectionsCheckingInterval: checkingInterval(limits.headersTimeoutMs, limits.requestTimeoutMs),
        noDelay: true,
      },
      createRequestListener(opened.context, policy, opened.audit),
    );
    server.timeout = limits.idleTimeoutMs;
    const address = await listen(server, options.port ?? 0, host);
    opened.warmUp();
    const hostPort = `${clientHost(host)}:${address.port}`;
    return new EmbeddedRegistryHandle(`http://${hostPort}`, hostPort, address.port, root, server, opened.cleanup);
  } catch (err) {
    if (opened) await opened.cleanup();
    else await lock.release();
    throw err;
  }
}
