import { parseAnswer } from "../answers/parse-answer.js";
import { parseCommandArgs, parseLabNumber } from "../args.js";
import { EXIT, LabsError, usageError } from "../errors.js";
import { labsHome } from "../home.js";
import { editDistance } from "../lab-file/fields.js";
import { loadRecordedLab } from "../lab-session.js";
import { readState, updateState } from "../state/state.js";
import { GLYPH } from "../ui/style.js";
import type { Command } from "./context.js";

const usage = "labs answer N KEY VALUE";

// `labs answer N KEY VALUE`: records an answer after checking its type and format (graded by `labs check`).
export const answerCommand: Command = {
  meta: {
    name: "answer",
    summary: "Record an answer for a lab (checked by `labs check`)",
    usage,
    examples: ["labs answer 1 manifest-digest sha256:…", "labs answer 7 platforms linux/amd64,linux/arm64/v8"],
  },
  async run(args, ctx) {
    const { positionals } = parseCommandArgs(args, {}, usage);
    const [numberText, key, ...rest] = positionals;
    const number = parseLabNumber(numberText, usage);
    // The learner's own lab: a lab's choices may name its answer keys (`attestation_for_s390x`).
    const lab = await loadRecordedLab(number, await readState(labsHome(ctx.env).stateFile), ctx.env);
    const keys = Object.keys(lab.answers);
    if (keys.length === 0) throw usageError(`Lab ${number} asks for no answers.`);
    if (key === undefined || rest.length === 0) {
      const list = keys.map((k) => `  ${k} (${lab.answers[k]!.type}): ${lab.answers[k]!.title}`).join("\n");
      throw usageError(`Which answer, and what value?`, `Usage: ${usage}\nLab ${number} asks for:\n${list}`);
    }
    const spec = lab.answers[key];
    if (!spec) {
      const near = keys.find((k) => editDistance(k, key) <= 3);
      throw usageError(
        `Lab ${number} has no answer "${key}".${near ? ` Did you mean "${near}"?` : ""}`,
        `Answers: ${keys.join(", ")}.`,
      );
    }
    const value = parseAnswer(key, spec, rest.join(" "));
    const state = await updateState(labsHome(ctx.env).stateFile, (s) => {
      const progress = s.labs[String(number)];
      if (!progress)
        throw new LabsError(
          "NO_LAB_STARTED",
          `Lab ${number} has not been started.`,
          `Run \`labs start ${number}\` first.`,
        );
      return {
        ...s,
        labs: { ...s.labs, [String(number)]: { ...progress, answers: { ...progress.answers, [key]: value } } },
      };
    });
    const given = Object.keys(state.labs[String(number)]?.answers ?? {}).length;
    ctx.stdout.write(
      `${GLYPH.pass} Recorded ${key} = ${JSON.stringify(value)} (${given}/${keys.length} answers given). Run \`labs check ${number}\` to grade.\n`,
    );
    return EXIT.ok;
  },
};
