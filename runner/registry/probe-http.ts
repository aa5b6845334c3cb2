// Plain fetch helpers for the capability probe: push a blob, push a manifest, send one request.

import type { Digest } from "../../grader/oci/digest.js";
import { digestOf } from "../../grader/oci/digest.js";
import type { Authenticator } from "../../grader/registry/auth.js";
import { parseWwwAuthenticate } from "../../grader/registry/www-authenticate.js";

const REQUEST_TIMEOUT_MS = 5_000;

/** One registry repository addressed over HTTP. */
export interface RepositoryUrl {
  readonly base: string;
  readonly repository: string;
  /** Answers the registry's auth challenges; none means anonymous. */
  readonly auth?: Authenticator;
}

interface ProbeRequest {
  readonly method: string;
  readonly headers?: Record<string, string>;
  readonly body?: Uint8Array | string;
}

// One request with the authenticator's Authorization; after a 401 it lets the authenticator answer the
// challenge and sends the request once more.
async function authorizedFetch(url: URL, init: ProbeRequest, auth: Authenticator | undefined): Promise<Response> {
  const attempt = async () => {
    const authorization = await auth?.header(url, init.method);
    const headers = { ...init.headers, ...(authorization === undefined ? {} : { authorization }) };
    return fetch(url, { ...init, headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  };
  const first = await attempt();
  if (first.status !== 401 || auth === undefined) return first;
  const challenges = parseWwwAuthenticate(first.headers.get("www-authenticate") ?? "");
  if (!(await auth.challenged(challenges, url, init.method))) return first;
  await drain(first);
  const second = await attempt();
  if (second.status !== 401) return second;
  await auth.challenged(parseWwwAuthenticate(second.headers.get("www-authenticate") ?? ""), url, init.method, true);
  return second;
}

// Sends one request to `<base>/v2/<repository>/<path>` with a timeout; never throws on an HTTP status.
export async function send(
  repo: RepositoryUrl,
  method: string,
  path: string,
  init: { readonly headers?: Record<string, string>; readonly body?: Uint8Array | string } = {},
): Promise<Response> {
  const url = new URL(`${repo.base}/v2/${repo.repository}/${path}`);
  return authorizedFetch(url, { method, headers: init.headers, body: init.body }, repo.auth);
}

// Reads and drops a response body, so the connection can be reused.
export async function drain(response: Response): Promise<void> {
  await response.arrayBuffer().catch(() => undefined);
}

// Fails with a context chain unless the response has the expected status.
export async function expectStatus(response: Response, expected: number, what: string): Promise<void> {
  if (response.status === expected) return drain(response);
  const body = (await response.text().catch(() => "")).slice(0, 300);
  throw new Error(`${what}: expected ${expected}, got ${response.status} ${body}`.trim());
}

// Uploads a blob in two steps (POST then PUT ?digest=), which every distribution version supports.
export async function pushBlob(repo: RepositoryUrl, bytes: Uint8Array): Promise<Digest> {
  const digest = digestOf(bytes);
  const started = await send(repo, "POST", "blobs/uploads/");
  const location = started.headers.get("location");
  await expectStatus(started, 202, `starting upload to "${repo.repository}"`);
  if (location === null) throw new Error(`starting upload to "${repo.repository}": no Location header`);
  const target = new URL(location, repo.base);
  target.searchParams.set("digest", digest);
  const headers = { "content-type": "application/octet-stream" };
  const finished = await authorizedFetch(target, { method: "PUT", headers, body: bytes }, repo.auth);
  await expectStatus(finished, 201, `uploading blob ${digest} to "${repo.repository}"`);
  return digest;
}

// Puts a manifest under a tag with its media type as Content-Type; returns its digest.
export async function pushManifest(repo: RepositoryUrl, tag: string, body: string, mediaType: string): Promise<Digest> {
  const response = await send(repo, "PUT", `manifests/${tag}`, { headers: { "content-type": mediaType }, body });
  await expectStatus(response, 201, `putting manifest "${repo.repository}:${tag}"`);
  return digestOf(body);
}
