import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { AuditEntry } from "./audit/entry.js";
import type { AuditSink } from "./audit/log.js";
import type { RegistryContext } from "./context.js";
import { handleBase } from "./handlers/base.js";
import { RegistryError } from "./http/errors.js";
import { type Exchange, noteAudit, sendRegistryError } from "./http/exchange.js";
import { checkRequestAllowed, type SecurityPolicy } from "./http/security.js";

type RouteModule = typeof import("./handlers/route.js");
let routeModule: Promise<RouteModule> | undefined;

// Loads the router and the handlers of every endpoint (most of the registry's modules) once. start.ts calls it right
// after listening, so the server answers /v2/ sooner and the first real request finds everything loaded.
export function loadRouting(): Promise<RouteModule> {
  routeModule ??= import("./handlers/route.js");
  return routeModule;
}

const BASE_PATH = /^\/v2\/?$/;

async function handle(
  context: () => Promise<RegistryContext>,
  policy: SecurityPolicy,
  ex: Exchange,
  rawPath: string,
): Promise<void> {
  try {
    ex.user = checkRequestAllowed(policy, ex.req);
  } catch (err) {
    noteAudit(ex, { kind: "denied" });
    throw err;
  }
  const method = ex.req.method ?? "";
  if ((method === "GET" || method === "HEAD") && BASE_PATH.test(rawPath)) return handleBase(ex);
  const [ctx, routing] = await Promise.all([context(), loadRouting()]);
  await routing.routeRequest(ctx, ex, method, rawPath);
}

function fail(ex: Exchange, err: unknown): void {
  if (ex.res.headersSent || ex.res.destroyed || ex.req.socket.destroyed) {
    ex.res.destroy();
    return;
  }
  const known = err instanceof RegistryError;
  if (!known)
    process.stderr.write(`labs registry: ${ex.req.method} ${ex.req.url}: ${(err as Error).stack ?? String(err)}\n`);
  const registryError = known
    ? err
    : new RegistryError("UNKNOWN", "internal error", { detail: (err as Error).message });
  ex.error = registryError.code;
  sendRegistryError(ex, registryError);
}

function auditEntry(ex: Exchange, startedAt: bigint): AuditEntry | undefined {
  const note = ex.audit;
  if (!note) return undefined;
  const userAgent = ex.req.headers["user-agent"];
  return {
    time: new Date().toISOString(),
    method: ex.req.method ?? "",
    status: ex.res.headersSent ? ex.res.statusCode : 0,
    ...note,
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(ex.user === undefined ? {} : { user: ex.user }),
    ...(ex.error === undefined ? {} : { error: ex.error }),
    durationMs: Math.round(Number(process.hrtime.bigint() - startedAt) / 1e5) / 10,
  };
}

// The request listener: common headers, security checks, routing, handlers, errors as OCI error bodies, and one
// audit line per request that changes state or reads content.
export function createRequestListener(
  context: () => Promise<RegistryContext>,
  policy: SecurityPolicy,
  audit: AuditSink,
): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const startedAt = process.hrtime.bigint();
    res.setHeader("Docker-Distribution-API-Version", "registry/2.0");
    res.setHeader("X-Content-Type-Options", "nosniff");
    const url = req.url ?? "/";
    const queryAt = url.indexOf("?");
    const ex: Exchange = {
      req,
      res,
      query: new URLSearchParams(queryAt < 0 ? "" : url.slice(queryAt + 1)),
      origin: `http://${req.headers.host ?? "localhost"}`,
    };
    res.once("close", () => {
      const entry = auditEntry(ex, startedAt);
      if (entry) audit.record(entry);
    });
    handle(context, policy, ex, queryAt < 0 ? url : url.slice(0, queryAt)).catch((err) => fail(ex, err));
  };
}
