import { runnablePlatforms } from "../oci/platform.js";
import { contentProblem, type ImageView, platformNote, resolveImage } from "./content-image.js";
import { contentOf, findMerged, type LayerFinding, scanLayer } from "./content-merged.js";
import type { GradeContext } from "./context.js";
import { describePlatform } from "./describe.js";
import {
  describeEntryType,
  entryMismatch,
  formatMode,
  hiddenBytesDiagnosis,
  sameNameDiagnosis,
} from "./diagnose-content-layer.js";
import type { CheckOutcome } from "./kind.js";
import type { LayerFileSpec } from "./layer-file.js";

type Found = LayerFinding & { readonly entry: NonNullable<LayerFinding["entry"]> };

// Runs a layer-file check: resolves the image, reads the chosen view of its layers, compares.
export async function runLayerFile(spec: LayerFileSpec, ctx: GradeContext): Promise<CheckOutcome> {
  const resolved = await resolveImage(ctx, spec.ref, spec.platform);
  if (!resolved.ok) return resolved.outcome;
  const view = resolved.value;
  try {
    if (spec.layer === "merged") return await inMerged(spec, ctx, view);
    if (spec.layer === "any") return await inAnyLayer(spec, ctx, view);
    return await inOneLayer(spec, ctx, view, spec.layer === "top" ? view.manifest.value.layers.length - 1 : spec.layer);
  } catch (error) {
    const problem = contentProblem(error);
    if (problem === undefined) throw error;
    return {
      status: "fail",
      summary: `A layer of \`${spec.ref.text}\` cannot be read: ${problem}.`,
      hint: "Push layers that are tar archives (gzip-compressed when their media type says so) matching their descriptors.",
    };
  }
}

async function inOneLayer(
  spec: LayerFileSpec,
  ctx: GradeContext,
  view: ImageView,
  index: number,
): Promise<CheckOutcome> {
  const layers = view.manifest.value.layers;
  if (index < 0 || index >= layers.length) {
    return {
      status: "fail",
      summary: `\`${spec.ref.text}\` has ${layers.length} layer${layers.length === 1 ? "" : "s"}, so there is no layer ${index}.`,
      expected: `at least ${index + 1} layers`,
      actual: `${layers.length}`,
      hint: "Check how many layers your build produced (`skopeo inspect`).",
    };
  }
  const finding = await scanLayer(ctx, view.repository, layers, index, spec.path, needsContent(spec));
  const where = `layer ${index} of \`${spec.ref.text}\``;
  if (spec.absent) return finding.entry ? present(spec, where) : pass(`\`/${spec.path}\` is not in ${where}.`);
  if (!finding.entry) {
    const others = [];
    for (let i = layers.length - 1; i >= 0; i--)
      if (i !== index) others.push(await scanLayer(ctx, view.repository, layers, i, spec.path));
    const elsewhere = others.find((f) => f.entry);
    const diagnosis = elsewhere
      ? `It is in layer ${elsewhere.layer} instead.`
      : sameNameDiagnosis(spec.path, [finding, ...others]);
    return missing(spec, where, view, diagnosis);
  }
  return judge(spec, ctx, view, finding as Found, where);
}

async function inMerged(spec: LayerFileSpec, ctx: GradeContext, view: ImageView): Promise<CheckOutcome> {
  const layers = view.manifest.value.layers;
  const where = `the filesystem of \`${spec.ref.text}\``;
  const merged = await findMerged(ctx, view.repository, layers, spec.path, {
    withContent: needsContent(spec),
    scanBelow: !spec.absent,
  });
  if (spec.absent) {
    if (merged.found) return present(spec, `${where} (it comes from layer ${merged.found.layer})`);
    return pass(
      `\`/${spec.path}\` is not in ${where}${merged.hidden ? ` (layer ${merged.hidden.layer} deletes it)` : ""}.`,
    );
  }
  if (merged.found) return judge(spec, ctx, view, merged.found, where);
  if (merged.hidden) {
    const copies = merged.below.map((b) => b.layer).join(", ");
    const diagnosis = merged.below.length
      ? `It is in layer ${copies}, but layer ${merged.hidden.layer} deletes it (\`${merged.hidden.hiddenBy}\`), so a container does not see it.`
      : `Layer ${merged.hidden.layer} deletes it (\`${merged.hidden.hiddenBy}\`).`;
    return missing(spec, where, view, diagnosis);
  }
  return missing(
    spec,
    where,
    view,
    sameNameDiagnosis(spec.path, merged.scanned) ?? (await otherPlatform(spec, ctx, view)),
  );
}

async function inAnyLayer(spec: LayerFileSpec, ctx: GradeContext, view: ImageView): Promise<CheckOutcome> {
  const layers = view.manifest.value.layers;
  const findings: LayerFinding[] = [];
  for (let i = layers.length - 1; i >= 0; i--)
    findings.push(await scanLayer(ctx, view.repository, layers, i, spec.path));
  const hits = findings.filter((f): f is Found => f.entry !== undefined);
  const where = `any layer of \`${spec.ref.text}\``;
  if (spec.absent) {
    if (hits.length === 0) return pass(`\`/${spec.path}\` is in no layer of \`${spec.ref.text}\`.`);
    const hidden = findings.find((f) => f.entry || f.hiddenBy);
    const diagnosis =
      hidden && !hidden.entry
        ? hiddenBytesDiagnosis(spec.path, hidden, hits)
        : `A container sees it: it comes from layer ${hits[0]?.layer}.`;
    return {
      ...present(spec, `layer ${hits.map((h) => h.layer).join(", ")} of \`${spec.ref.text}\``),
      diagnosis,
      hint: "Build the image so that no layer ever adds the file (a multi-stage build, or squash the layers); deleting it in a later layer only hides it.",
    };
  }
  const top = hits[0];
  if (!top) return missing(spec, where, view, sameNameDiagnosis(spec.path, findings));
  return judge(spec, ctx, view, top, `layer ${top.layer} of \`${spec.ref.text}\``);
}

async function judge(
  spec: LayerFileSpec,
  ctx: GradeContext,
  view: ImageView,
  found: Found,
  where: string,
): Promise<CheckOutcome> {
  const content = needsContent(spec)
    ? await contentOf(ctx, view.repository, view.manifest.value.layers, found)
    : undefined;
  const mismatch = entryMismatch(spec, found.entry, content);
  if (mismatch) {
    const note = platformNote(view);
    return {
      status: "fail",
      summary: `\`/${spec.path}\` in ${where} has the wrong ${mismatch.what}.`,
      expected: mismatch.expected,
      actual: mismatch.actual,
      ...(mismatch.diagnosis || note ? { diagnosis: [mismatch.diagnosis, note].filter(Boolean).join(" ") } : {}),
      hint: mismatch.hint,
    };
  }
  if (spec.alone && found.otherFileCount > 0) {
    return {
      status: "fail",
      summary: `Layer ${found.layer} of \`${spec.ref.text}\` holds ${found.otherFileCount} other file${found.otherFileCount === 1 ? "" : "s"} besides \`/${spec.path}\`.`,
      expected: `only \`/${spec.path}\` (directories allowed)`,
      actual: found.otherFiles.map((f) => `\`/${f}\``).join(", "),
      hint: "Archive only the file the task asks for.",
    };
  }
  const facts = [
    describeEntryType(found.entry.type),
    ...(spec.mode !== undefined ? [`mode ${formatMode(found.entry.mode)}`] : []),
  ];
  if (spec.content !== undefined || spec.matches) facts.push("the expected content");
  return pass(`\`/${spec.path}\` is in ${where}: ${facts.join(", ")}.`);
}

function needsContent(spec: LayerFileSpec): boolean {
  return spec.content !== undefined || spec.matches !== undefined;
}

function pass(summary: string): CheckOutcome {
  return { status: "pass", summary };
}

function present(spec: LayerFileSpec, where: string): CheckOutcome {
  return {
    status: "fail",
    summary: `\`/${spec.path}\` is in ${where}.`,
    expected: "no such file",
    actual: "present",
    hint: `Leave \`/${spec.path}\` out.`,
  };
}

function missing(spec: LayerFileSpec, where: string, view: ImageView, diagnosis: string | undefined): CheckOutcome {
  const note = platformNote(view);
  const text = [diagnosis, note].filter(Boolean).join(" ");
  return {
    status: "fail",
    summary: `\`/${spec.path}\` is not in ${where}.`,
    expected: `\`/${spec.path}\``,
    actual: "no such file",
    ...(text ? { diagnosis: text } : {}),
    hint: `Add \`/${spec.path}\` at that path (relative to the image root).`,
  };
}

// The file is in another platform's image of the same index.
async function otherPlatform(spec: LayerFileSpec, ctx: GradeContext, view: ImageView): Promise<string | undefined> {
  if (view.top.value.kind !== "index" || !spec.platform) return undefined;
  for (const entry of runnablePlatforms(view.top.value).slice(0, 4)) {
    if (!entry.platform || entry.digest === view.manifest.digest) continue;
    const other = await resolveImage(ctx, spec.ref, entry.platform);
    if (!other.ok) continue;
    const found = await findMerged(ctx, other.value.repository, other.value.manifest.value.layers, spec.path);
    if (found.found)
      return `It is in the ${describePlatform(entry.platform)} image of the index, not in the ${describePlatform(spec.platform)} one.`;
  }
  return undefined;
}
