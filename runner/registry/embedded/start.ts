import { mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { NO_AUDIT, openAuditLog } from "./audit/log.js";
import { EMBEDDED_CAPABILITIES } from "./capabilities.js";
import type { RegistryContext } from "./context.js";
import { resolveLimits } from "./defaults.js";
import { createRequestListener, loadHandlers } from "./dispatch.js";
import { isLoopbackHostname } from "./http/security.js";
import { createQuota } from "./quota.js";
import { acquireRootLock, type RootLock } from "./root-lock.js";
import { layoutOf } from "./storage/layout.js";
import { createStore, prepareRoot } from "./storage/store.js";
import type { EmbeddedRegistryOptions, RegistryCapabilities, RunningEmbeddedRegistry } from "./types.js";
import { UploadSessions } from "./uploads/sessions.js";

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

// Starts loading the handlers without delaying readiness: /v2/ already answers while they load.
function loadHandlersSoon(): void {
  loadHandlers().catch((err: unknown) => process.emitWarning(`loading registry handlers: ${(err as Error).message}`));
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

async function openContext(options: EmbeddedRegistryOptions, root: string, lock: RootLock) {
  const limits = resolveLimits(options.limits);
  const layout = layoutOf(root);
  await prepareRoot(layout);
  const uploads = new UploadSessions(layout, limits.maxOpenUploads, limits.uploadIdleMs, limits.uploadSweepMs);
  const audit =
    options.auditLog === false
      ? NO_AUDIT
      : await openAuditLog(layout.auditFile, limits.auditMaxBytes, limits.auditKeep);
  const ctx: RegistryContext = {
    store: createStore(layout, limits.fsync),
    uploads,
    quota: createQuota(layout, limits.minFreeDiskBytes, limits.maxStoreBytes),
    limits,
    authEnabled: options.auth !== undefined,
  };
  const cleanup = async () => {
    uploads.stop();
    await audit.close();
    await lock.release();
  };
  return { ctx, audit, cleanup };
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
  let opened: Awaited<ReturnType<typeof openContext>> | undefined;
  try {
    opened = await openContext(options, root, lock);
    const { limits } = opened.ctx;
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
      createRequestListener(opened.ctx, policy, opened.audit),
    );
    server.timeout = limits.idleTimeoutMs;
    const address = await listen(server, options.port ?? 0, host);
    loadHandlersSoon();
    const hostPort = `${clientHost(host)}:${address.port}`;
    return new EmbeddedRegistryHandle(`http://${hostPort}`, hostPort, address.port, root, server, opened.cleanup);
  } catch (err) {
    if (opened) await opened.cleanup();
    else await lock.release();
    throw err;
  }
}
