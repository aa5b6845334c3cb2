import { digestEquals } from "./digest-equals.js";
import { graphComplete } from "./graph-complete.js";
import type { CheckKind } from "./kind.js";
import { platforms } from "./platforms.js";
import { referenceKind } from "./reference-kind.js";
import { sameDigest } from "./same-digest.js";
import { sameObjects } from "./same-objects.js";
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
] as never;
