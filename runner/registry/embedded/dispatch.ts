import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { AuditEntry } from "./audit/entry.js";
import type { AuditSink } from "./audit/log.js";
import type { RegistryContext } from "./context.js";
import { handleBase } from "./handlers/base.js";
import { RegistryError } from "./http/errors.js";
import { type Exchange, noteAudit, sendRegistryError } from "./http/exchange.js";
import { decodeRequestPath, parseRoute } from "./http/router.js";
import { checkRequestAllowed, type SecurityPolicy } from "./http/security.js";

type HandlerTable = typeof import("./handlers/table.js");
let handlerTable: Promise<HandlerTable> | undefined;

// Loads the handlers of every endpoint but /v2/ (about half the registry's modules). start.ts calls it right after
// listening, so the server answers sooner and the first real request finds the handlers loaded.
export function loadHandlers(): Promise<HandlerTable> {
  handlerTable ??= import("./handlers/table.js");
  return handlerTable;
}

async function handle(ctx: RegistryContext, policy: SecurityPolicy, ex: Exchange, rawPath: string): Promise<void> {
  try {
    ex.user = checkRequestAllowed(policy, ex.req);
  } catch (err) {
    noteAudit(ex, { kind: "denied" });
    throw err;
  }
  const method = ex.req.method ?? "";
  const route = parseRoute(method, decodeRequestPath(rawPath));
  if (route.kind === "base") return handleBase(ctx, ex);
  const { handlerFor } = await loadHandlers();
  await handlerFor(route, method)(ctx, ex, route);
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

function auditEntry(ex: Exchange, startedAt: number): AuditEntry | undefined {
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
    durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
  };
}

// The request listener: common headers, security checks, routing, handlers, errors as OCI error bodies, and one
// audit line per request that changes state or reads content.
export function createRequestListener(ctx: RegistryContext, policy: SecurityPolicy, audit: AuditSink): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const startedAt = performance.now();
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
    handle(ctx, policy, ex, queryAt < 0 ? url : url.slice(0, queryAt)).catch((err) => fail(ex, err));
  };
}
