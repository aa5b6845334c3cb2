import type { Digest } from "../../grader/oci/digest.js";
import type { Platform } from "../../grader/oci/types.js";

/** The runtime part of an image config (`config` in image-spec config.md); written in the caller's key order. */
export interface RuntimeConfig {
  readonly User?: string;
  readonly ExposedPorts?: Readonly<Record<string, Readonly<Record<string, never>>>>;
  readonly Env?: readonly string[];
  readonly Entrypoint?: readonly string[];
  readonly Cmd?: readonly string[];
  readonly Volumes?: Readonly<Record<string, Readonly<Record<string, never>>>>;
  readonly WorkingDir?: string;
  readonly Labels?: Readonly<Record<string, string>>;
  readonly StopSignal?: string;
  /** Any other field (Docker's Healthcheck, ArgsEscaped, …) is written as given. */
  readonly [field: string]: unknown;
}

/** One history entry; written as {created, created_by, author, comment, empty_layer}. */
export interface HistoryEntry {
  readonly created?: string;
  readonly created_by?: string;
  readonly author?: string;
  readonly comment?: string;
  readonly empty_layer?: boolean;
}

/** Everything an image config is made of. */
export interface ConfigSpec {
  readonly platform: Platform;
  readonly diffIds: readonly Digest[];
  /** One entry per layer, plus any `empty_layer: true` entries. */
  readonly history: readonly HistoryEntry[];
  readonly config?: RuntimeConfig;
  readonly created?: string;
  readonly author?: string;
  /** Extra top-level fields written last, e.g. Docker's `container`, `container_config`, `docker_version`. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

// The image config object in the field order of image-spec's Go struct: created, author, architecture, os,
// os.version, os.features, variant, config, rootfs, history (left out when empty, as Go's omitempty does), then
// `extra`.
export function imageConfigObject(spec: ConfigSpec): Record<string, unknown> {
  const { platform } = spec;
  if (!platform.os || !platform.architecture) throw new Error("image platform needs both os and architecture");
  const layered = spec.history.filter((h) => h.empty_layer !== true).length;
  if (layered !== spec.diffIds.length) {
    throw new Error(
      `image history has ${layered} entries for layers (not empty_layer), but the image has ${spec.diffIds.length} layers`,
    );
  }
  return {
    created: spec.created,
    author: spec.author,
    architecture: platform.architecture,
    os: platform.os,
    "os.version": platform["os.version"],
    "os.features": platform["os.features"],
    variant: platform.variant,
    config: spec.config ?? {},
    rootfs: { type: "layers", diff_ids: spec.diffIds },
    history: spec.history.length > 0 ? spec.history.map(orderHistory) : undefined,
    ...spec.extra,
  };
}

function orderHistory(entry: HistoryEntry): HistoryEntry {
  const { created, created_by, author, comment, empty_layer } = entry;
  return { created, created_by, author, comment, empty_layer };
}
