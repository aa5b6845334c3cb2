import { annotations } from "./annotations.js";
import { attestations } from "./attestations.js";
import { blobAbsent } from "./blob-absent.js";
import { descriptorsTruthful } from "./descriptors-truthful.js";
import { digestEquals } from "./digest-equals.js";
import { graphComplete } from "./graph-complete.js";
import { jsonPath } from "./json-path.js";
import type { CheckKind } from "./kind.js";
import { layerCount } from "./layer-count.js";
import { manifestAbsent } from "./manifest-absent.js";
import { platforms } from "./platforms.js";
import { referenceKind } from "./reference-kind.js";
import { referrers } from "./referrers.js";
import { sameConfig } from "./same-config.js";
import { sameDigest } from "./same-digest.js";
import { sameObjects } from "./same-objects.js";
import { tagAbsent } from "./tag-absent.js";
import { tagPresent } from "./tag-present.js";
import { tagUnchanged } from "./tag-unchanged.js";

/** Check kinds about registry objects: identity, graphs, tags, descriptors, platforms, referrers. */
export const OBJECT_CHECKS: readonly CheckKind<never>[] = [
  sameDigest,
  graphComplete,
  sameObjects,
  tagUnchanged,
  referenceKind,
  digestEquals,
  platforms,
  descriptorsTruthful,
  tagPresent,
  tagAbsent,
  manifestAbsent,
  blobAbsent,
  annotations,
  referrers,
  attestations,
  jsonPath,
  layerCount,
  sameConfig,
] as never;
