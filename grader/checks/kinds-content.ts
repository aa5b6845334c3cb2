import { answer } from "./answer.js";
import { configField } from "./config-field.js";
import type { CheckKind } from "./kind.js";
import { layerFile } from "./layer-file.js";
import { shell } from "./shell.js";
import { workspaceFile } from "./workspace-file.js";

/** Check kinds about content and inputs: layer files, config fields, answers, workspace files, escape hatches. */
export const CONTENT_CHECKS: readonly CheckKind<never>[] = [
  layerFile,
  configField,
  answer,
  workspaceFile,
  shell,
] as never;
