// Public surface of the registry client (read-only). The writer in runner/registry-client builds on it.
export {
  type Authenticator,
  anonymousAuth,
  type BasicCredentials,
  basicAuth,
  type RegistryCredentials,
} from "./auth.js";
export { type AuthFailure, RegistryAuthError } from "./auth-errors.js";
export { type BearerOptions, bearerAuth } from "./bearer.js";
export { BLOB_MAX_BYTES } from "./blobs.js";
export { bodyChunks, discardBody, expectStatus, readBody, readRegistryError } from "./body.js";
export { challengeAuth } from "./challenge-auth.js";
export { RegistryClient, type RegistryClientOptions } from "./client.js";
export {
  ContentMismatchError,
  CrossOriginError,
  RegistryClientError,
  RegistryError,
  type RegistryErrorCode,
  type RegistryFailure,
  RegistryProtocolError,
  RegistryUnreachableError,
  redactUrl,
  type UnreachableReason,
} from "./errors.js";
export type { ResponseHeaders } from "./headers.js";
export {
  createTransport,
  DEFAULT_TIMEOUT_MS,
  type RegistryRequest,
  type RegistryResponse,
  send,
  type Transport,
  type TransportOptions,
} from "./http.js";
export { MANIFEST_ACCEPT_HEADER, MANIFEST_MAX_BYTES, type ManifestHead, type ManifestResponse } from "./manifests.js";
export { type PingResult, pingRegistry } from "./ping.js";
export { referrersFallbackTag } from "./referrers.js";
export type { ObjectSource } from "./source.js";
export {
  assertReference,
  assertRepository,
  blobUrl,
  manifestUrl,
  resolveOnOrigin,
  uploadsUrl,
  withDigestParam,
} from "./urls.js";
export { type AuthChallenge, parseWwwAuthenticate } from "./www-authenticate.js";
