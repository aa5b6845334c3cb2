import type { RegistryContext } from "../context.js";
import type { Exchange } from "../http/exchange.js";
import type { Route } from "../http/router.js";
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

/** A handler for one route kind; the route carries the validated path parameters. */
export type RouteHandler = (ctx: RegistryContext, ex: Exchange, route: Route) => Promise<void>;

type AnyHandler = (ctx: RegistryContext, ex: Exchange, route: never) => Promise<void>;

function pick(route: Route, method: string): AnyHandler {
  switch (route.kind) {
    case "base":
      return handleBase;
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

// The handler for a route and method (the router has already checked the method is allowed).
export function handlerFor(route: Route, method: string): RouteHandler {
  return pick(route, method) as RouteHandler;
}
