import { readFile } from "node:fs/promises";
import type { AnswerValue } from "../../grader/checks/inputs.js";
import type { LabDefinition } from "../../grader/lab/types.js";
import { parseAnswer } from "../answers/parse-answer.js";
import { LabsError } from "../errors.js";

// The answers a sandbox's `labs answer` recorded, parsed and validated as `labs answer` would (the last one wins).
export async function recordedAnswers(lab: LabDefinition, file: string): Promise<Map<string, AnswerValue>> {
  const text = await readFile(file, "utf8").catch(() => "");
  const answers = new Map<string, AnswerValue>();
  for (const line of text.split("\n").filter(Boolean)) {
    const tab = line.indexOf("\t");
    const key = line.slice(0, tab);
    const spec = lab.answers[key];
    if (!spec) throw new LabsError("USAGE", `the steps answered "${key}", which lab ${lab.number} does not ask for`);
    answers.set(key, parseAnswer(key, spec, line.slice(tab + 1)));
  }
  return answers;
}
