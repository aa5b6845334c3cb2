import type { CheckKind } from "./kind.js";

/** Check kinds about content and inputs: layer files, config fields, answers, workspace files, escape hatches. */
export const CONTENT_CHECKS: readonly CheckKind<never>[] = [];
