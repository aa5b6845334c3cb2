import type { RegistryContext } from "../context.js";
import type { Exchange } from "../http/exchange.js";
import { decodeRequestPath, parseRoute, type Route } from "../http/router.js";
import { handleBase } from "./base.js";
import { handleBlobDelete, handleBlobGet } from "./blobs.js";
import { handleCatalog } from "./catalog.js";
import { handleManifestDelete } from "./manifest-delete.js";
import { handleManifestGet } from "./manifest-get.js";
import { handleManifestPut } from "./manifest-put.js";
import { handleReferrers } from "./referrers.js";
import { handleTags } from "./tags.js";
import { handleUploadSession } from "./upload-session.js";
import { handleUploadStart } from "./upload-start.js";

type RouteHandler = (ctx: RegistryContext, ex: Exchange, route: Route) => Promise<void>;
type AnyHandler = (ctx: RegistryContext, ex: Exchange, route: never) => Promise<void>;

function pick(route: Route, method: string): AnyHandler {
  switch (route.kind) {
    case "base":
      return async (_ctx: RegistryContext, ex: Exchange) => handleBase(ex);
    case "catalog":
      return handleCatalog;
    case "tags":
      return handleTags;
    case "manifest":
      if (method === "PUT") return handleManifestPut;
      return method === "DELETE" ? handleManifestDelete : handleManifestGet;
    case "blob":
      return method === "DELETE" ? handleBlobDelete : handleBlobGet;
    case "upload-start":
      return handleUploadStart;
    case "upload":
      return handleUploadSession;
    case "referrers":
      return handleReferrers;
  }
}

// Routes a request (validating every path parameter) and runs the endpoint's handler.
export async function routeRequest(ctx: RegistryContext, ex: Exchange, method: string, rawPath: string): Promise<void> {
  const route = parseRoute(method, decodeRequestPath(rawPath));
  await (pick(route, method) as RouteHandler)(ctx, ex, route);
}
