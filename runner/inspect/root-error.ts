import type { ObjectSource } from "../../grader/registry/source.js";
import { LabsError } from "../errors.js";
import { formatTarget, type InspectGraph } from "./graph-model.js";

// The error for a reference whose root could not be read: why (from the walk), and the tags that do exist.
export async function unreadableRoot(graph: InspectGraph, source: ObjectSource): Promise<LabsError> {
  const target = formatTarget(graph);
  const reason = graph.problems.find((p) => p.path === "")?.message ?? "it could not be read";
  let tags: string[] = [];
  try {
    tags = (await source.tags(graph.repository)).filter((t) => !/^sha256-[0-9a-f]{64}$/.test(t));
  } catch {
    tags = [];
  }
  const hint =
    tags.length > 0
      ? `Tags in \`${graph.repository}\`: ${tags.map((t) => `\`${t}\``).join(", ")}. For example: \`labs inspect ${graph.repository}:${tags[0]}\`.`
      : `The lab registry has no tags in \`${graph.repository}\`. Lab repositories start with the lab's prefix, for example \`lab09/src/app:v1\`; \`labs whatis\` searches them all.`;
  return new LabsError("USAGE", `Cannot inspect \`${target}\` in ${graph.registry}: ${reason}.`, hint);
}
