import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { BasicAuthConfig } from "../types.js";
import { RegistryError } from "./errors.js";

// Guards a registry on localhost against other programs and web pages: only loopback Host headers (a page
// that rebinds its DNS name to 127.0.0.1 still sends its own name), no browser requests (they carry Origin or
// Sec-Fetch-Site), and basic auth when configured.

/** Who may talk to the registry. */
export interface SecurityPolicy {
  /** Accept any Host header (the registry listens beyond loopback, which requires auth). */
  readonly anyHost: boolean;
  /** Host names accepted besides loopback ones. */
  readonly allowedHosts: ReadonlySet<string>;
  readonly auth?: BasicAuthConfig;
}

const IPV4_LOOPBACK = /^127(?:\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}$/;

// True for localhost, 127.0.0.0/8 and ::1.
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || IPV4_LOOPBACK.test(host) || host === "::1" || host === "0:0:0:0:0:0:0:1";
}

// The host name of a Host header value, without port or IPv6 brackets; undefined when malformed.
export function hostnameOf(hostHeader: string): string | undefined {
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::[0-9]{1,5})?$/.exec(hostHeader);
  if (bracketed) return bracketed[1];
  const plain = /^([A-Za-z0-9.-]+)(?::[0-9]{1,5})?$/.exec(hostHeader);
  return plain?.[1];
}

function checkHost(policy: SecurityPolicy, header: string | undefined): void {
  if (header === undefined || header === "")
    throw new RegistryError("DENIED", "the Host header is missing", { status: 400 });
  if (policy.anyHost) return;
  const hostname = hostnameOf(header);
  if (hostname === undefined) throw new RegistryError("DENIED", "the Host header is malformed", { status: 400 });
  if (isLoopbackHostname(hostname) || policy.allowedHosts.has(hostname.toLowerCase())) return;
  throw new RegistryError(
    "DENIED",
    `this registry only answers requests addressed to localhost, not ${JSON.stringify(hostname)}`,
  );
}

function checkNotBrowser(req: IncomingMessage): void {
  const fetchSite = req.headers["sec-fetch-site"];
  if (req.headers.origin === undefined && (fetchSite === undefined || fetchSite === "none")) return;
  throw new RegistryError("DENIED", "requests from web pages are refused (Origin or Sec-Fetch-Site header present)");
}

function digestOf(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

function checkAuth(auth: BasicAuthConfig, header: string | undefined): string {
  const challenge = { "WWW-Authenticate": 'Basic realm="labs-registry"' };
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  const decoded = match ? Buffer.from(match[1] ?? "", "base64").toString("utf8") : "";
  const colon = decoded.indexOf(":");
  const user = colon < 0 ? "" : decoded.slice(0, colon);
  const password = colon < 0 ? "" : decoded.slice(colon + 1);
  const userOk = timingSafeEqual(digestOf(user), digestOf(auth.username));
  const passwordOk = timingSafeEqual(digestOf(password), digestOf(auth.password));
  if (colon >= 0 && userOk && passwordOk) return user;
  throw new RegistryError("UNAUTHORIZED", "authentication required", { headers: challenge });
}

// Checks Host, browser headers and credentials; returns the authenticated user name, if auth is on.
export function checkRequestAllowed(policy: SecurityPolicy, req: IncomingMessage): string | undefined {
  checkHost(policy, req.headers.host);
  checkNotBrowser(req);
  return policy.auth ? checkAuth(policy.auth, req.headers.authorization) : undefined;
}
