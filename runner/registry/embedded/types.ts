// Public shapes of the embedded registry: options, limits, capabilities and the running handle.

import type { RegistryCapabilities } from "../backend.js";

export type { RegistryCapabilities };

/** Quotas and timeouts; every field has a default (DEFAULT_LIMITS). */
export interface EmbeddedRegistryLimits {
  /** Largest manifest body accepted; larger gets 413 (distribution: 4 MiB). */
  readonly maxManifestBytes: number;
  /** Largest blob accepted in one upload session. */
  readonly maxBlobBytes: number;
  /** Upload sessions open at once; more gets 429 TOOMANYREQUESTS. */
  readonly maxOpenUploads: number;
  /** Total bytes under blobs/ the registry may hold; undefined for no cap. */
  readonly maxStoreBytes: number | undefined;
  /** Uploads are refused (507) when the filesystem has less free space than this. */
  readonly minFreeDiskBytes: number;
  /** An upload session idle for longer than this is removed. */
  readonly uploadIdleMs: number;
  /** How often stale upload sessions are looked for. */
  readonly uploadSweepMs: number;
  /** Time allowed to receive the request headers (node's server.headersTimeout). */
  readonly headersTimeoutMs: number;
  /** Time allowed to receive a whole request (node's server.requestTimeout). */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** A socket with no traffic for this long is closed. */
  readonly idleTimeoutMs: number;
  /** Most entries one tag list, catalog or referrers page returns. */
  readonly maxPageEntries: number;
  /** The audit log rotates when it grows past this many bytes. */
  readonly auditMaxBytes: number;
  /** Rotated audit logs kept (audit.log.1 … audit.log.N). */
  readonly auditKeep: number;
  /** fsync files and their directory before and after each rename (survives power loss, costs throughput). */
  readonly fsync: boolean;
}

/** Optional basic auth; off unless given. */
export interface BasicAuthConfig {
  readonly username: string;
  readonly password: string;
}

/** How to start the embedded registry. */
export interface EmbeddedRegistryOptions {
  /** Directory holding blobs, repositories, uploads, the audit log and the lock. */
  readonly root: string;
  /** Address to listen on; 127.0.0.1 unless given. Anything but loopback requires `auth`. */
  readonly host?: string;
  /** Port; 0 picks a free one. */
  readonly port?: number;
  readonly auth?: BasicAuthConfig;
  /** Write audit.log (default true). */
  readonly auditLog?: boolean;
  /** Extra Host header names accepted besides loopback ones (for example `host.docker.internal`). */
  readonly allowedHosts?: readonly string[];
  readonly limits?: Partial<EmbeddedRegistryLimits>;
}

/** A started registry: where it listens, what it supports, and how to stop it. */
export interface RunningEmbeddedRegistry extends AsyncDisposable {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** `host:port` as clients write it in image references, e.g. `127.0.0.1:41234`. */
  readonly hostPort: string;
  readonly port: number;
  readonly root: string;
  readonly capabilities: RegistryCapabilities;
  /** Stops accepting, lets in-flight requests finish (up to a grace period), flushes the audit log. */
  close(): Promise<void>;
}
