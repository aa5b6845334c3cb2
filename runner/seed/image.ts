import type { Platform } from "../../grader/oci/types.js";
import { jsonBlob, toDescriptor } from "./blob.js";
import type { BuiltImage } from "./built.js";
import { chainIds } from "./chain-id.js";
import { configMediaType, type Flavour, manifestMediaType } from "./flavour.js";
import { type HistoryEntry, imageConfigObject, type RuntimeConfig } from "./image-config.js";
import type { JsonFormat } from "./json.js";
import { orderDescriptor } from "./key-order.js";
import { buildLayer, type LayerSpec } from "./layer.js";

/** A single-platform image, described by what a lab needs to vary. */
export interface ImageSpec {
  /** OCI or Docker schema 2 media types for the manifest, config and layers. */
  readonly flavour: Flavour;
  readonly platform: Platform;
  /** Bottom layer first. */
  readonly layers: readonly LayerSpec[];
  readonly config?: RuntimeConfig;
  /** RFC 3339 time for the config's `created` and the default history entries; omitted when absent. */
  readonly created?: string;
  readonly author?: string;
  /** Replaces the default history (one entry per layer); must hold one non-`empty_layer` entry per layer. */
  readonly history?: readonly HistoryEntry[];
  /** Extra top-level config fields, written after the standard ones (Docker-only fields, for example). */
  readonly configExtra?: Readonly<Record<string, unknown>>;
  /** Manifest annotations (Docker schema 2 defines none, but the bytes carry them if given). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Format of the manifest JSON; compact by default. */
  readonly json?: JsonFormat;
  /** Format of the config JSON; compact by default. */
  readonly configJson?: JsonFormat;
  /** Write the manifest's own `mediaType` field; default true (umoci leaves it out). */
  readonly mediaTypeField?: boolean;
}

// Builds an image: layer blobs, the config (rootfs.diff_ids, history) and the manifest, all byte-deterministic.
export function buildImage(spec: ImageSpec): BuiltImage {
  const { flavour } = spec;
  const layers = spec.layers.map((layer) => buildLayer({ ...layer, mediaTypeFlavour: flavour }));
  const diffIds = layers.map((l) => l.diffId);
  const history = spec.history ?? spec.layers.map((layer, i) => defaultHistory(layer, i, spec.created));
  const configValue = imageConfigObject({
    platform: spec.platform,
    diffIds,
    history,
    config: spec.config,
    created: spec.created,
    author: spec.author,
    extra: spec.configExtra,
  });
  const config = jsonBlob(configMediaType(flavour), configValue, spec.configJson);
  const manifestValue = {
    schemaVersion: 2,
    mediaType: spec.mediaTypeField === false ? undefined : manifestMediaType(flavour),
    config: orderDescriptor(toDescriptor(config), flavour),
    layers: layers.map((l) => orderDescriptor(toDescriptor(l.blob), flavour)),
    annotations: spec.annotations,
  };
  return {
    kind: "image",
    flavour,
    platform: spec.platform,
    manifest: jsonBlob(manifestMediaType(flavour), manifestValue, spec.json),
    config,
    layers: layers.map((l) => l.blob),
    diffIds,
    chainIds: chainIds(diffIds),
  };
}

function defaultHistory(layer: LayerSpec, index: number, created: string | undefined): HistoryEntry {
  return { created, created_by: layer.createdBy ?? `labs seed: layer ${index}` };
}
