import type { Platform } from "../oci/types.js";
import {
  booleanField,
  choiceField,
  exclusive,
  imagePathField,
  modeField,
  platformField,
  regexField,
  stringField,
} from "./content-fields.js";
import type { EntryExpectations } from "./diagnose-content-layer.js";
import { refField, unknownFields } from "./fields.js";
import { defineCheck, type FieldProblem } from "./kind.js";
import type { LabRef } from "./lab-ref.js";
import { runLayerFile } from "./layer-file-run.js";

/** Which filesystem view is read: one layer, the merged filesystem, or every layer. */
export type LayerChoice = number | "top" | "merged" | "any";

/** A file in an image: present or absent, with its type, link target, mode and content. */
export interface LayerFileSpec extends EntryExpectations {
  readonly ref: LabRef;
  /** For an index: the entry a runtime on this platform would pick. */
  readonly platform?: Platform;
  /** Normalised: no leading `/` or `./`. */
  readonly path: string;
  readonly layer: LayerChoice;
  readonly absent: boolean;
  /** No other regular file in the layer (one layer only). */
  readonly alone: boolean;
}

const FIELDS = ["ref", "platform", "path", "layer", "absent", "type", "target", "content", "matches", "mode", "alone"];
const TYPES = ["file", "dir", "symlink", "hardlink"] as const;

// Layers are changesets applied bottom first; whiteouts delete from the layers below.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md#whiteouts
export const layerFile = defineCheck<LayerFileSpec>({
  kind: "layer-file",
  summary: "a file in an image (one layer, the merged filesystem or any layer): present or absent, type, mode, content",
  validate(fields) {
    const problems: FieldProblem[] = [];
    unknownFields(fields, FIELDS, problems);
    const ref = refField(fields, "ref", problems);
    const path = imagePathField(fields, "path", problems);
    const layer = layerField(fields, problems);
    const absent = booleanField(fields, "absent", problems) ?? false;
    const alone = booleanField(fields, "alone", problems) ?? false;
    const expect: EntryExpectations = {
      type: choiceField(fields, "type", TYPES, problems),
      target: stringField(fields, "target", problems),
      content: typeof fields.content === "string" ? fields.content : undefined,
      matches: regexField(fields, "matches", problems),
      mode: modeField(fields, "mode", problems),
    };
    if (fields.content !== undefined && typeof fields.content !== "string") {
      problems.push({ path: ["content"], message: '`content` must be a string (use "" for an empty file)' });
    }
    exclusive(fields, ["content", "matches"], problems);
    if (absent && ["type", "target", "content", "matches", "mode", "alone"].some((k) => fields[k] !== undefined)) {
      problems.push({ path: ["absent"], message: "`absent: true` takes no other expectation" });
    }
    if (expect.target !== undefined && expect.type !== "symlink" && expect.type !== "hardlink") {
      problems.push({ path: ["target"], message: "`target` needs `type: symlink` or `type: hardlink`" });
    }
    if (alone && typeof layer !== "number" && layer !== "top") {
      problems.push({ path: ["alone"], message: "`alone` needs one layer (`layer: N` or `layer: top`)" });
    }
    const platform = platformField(fields, "platform", problems);
    if (!ref || !path || layer === undefined || problems.length > 0) return { problems };
    return { spec: { ref, path, layer, absent, alone, ...clean(expect), ...(platform ? { platform } : {}) }, problems };
  },
  run: runLayerFile,
});

function layerField(fields: Readonly<Record<string, unknown>>, problems: FieldProblem[]): LayerChoice | undefined {
  const value = fields.layer ?? "merged";
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value < 1000) return value;
  if (value === "top" || value === "merged" || value === "any") return value;
  problems.push({ path: ["layer"], message: "`layer` is a layer index (0 is the base), top, merged or any" });
  return undefined;
}

function clean(expect: EntryExpectations): EntryExpectations {
  return Object.fromEntries(Object.entries(expect).filter(([, v]) => v !== undefined)) as EntryExpectations;
}
