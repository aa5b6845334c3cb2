import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseCommandArgs } from "../args.js";
import { CREDENTIAL_OPTIONS, readFlagCredentials } from "../credentials/flags.js";
import { registryAuth } from "../credentials/registry-auth.js";
import { EXIT } from "../errors.js";
import { SUBMISSION_REPOSITORY, SUBMISSION_TAG, submissionItems } from "../grade/submission-artifact.js";
import { labVersion } from "../lab-file/catalog.js";
import { packageVersion } from "../package-root.js";
import { pushAll } from "../registry-client/push-all.js";
import { RegistryWriter } from "../registry-client/writer.js";
import { buildSubmission } from "../submit/submission.js";
import { GLYPH } from "../ui/style.js";
import type { Command } from "./context.js";
import { openLab } from "./open-lab.js";

const usage = "labs submit [N] [-o FILE] [--to URL]";

// `labs submit`: writes a bundle of lab N (objects, answers, declared workspace files) and prints its digest.
export const submitCommand: Command = {
  meta: {
    name: "submit",
    summary: "Write a submission bundle of a lab for grading, and print its digest",
    usage,
    examples: [
      "labs submit 9",
      "labs submit 9 -o alice-lab09.bundle",
      "labs submit 9 --to https://registry.example.edu",
    ],
  },
  async run(args, ctx) {
    const options = { output: { type: "string", short: "o" }, to: { type: "string" }, ...CREDENTIAL_OPTIONS } as const;
    const { values, positionals } = parseCommandArgs(args, options, usage);
    const { state, number, lab, registry, session } = await openLab(positionals[0], {}, ctx, usage);
    const bundle = await buildSubmission(registry.client, {
      lab,
      labVersion: await labVersion(number, ctx.env),
      toolVersion: packageVersion(),
      session,
      progress: state.labs[String(number)],
      now: new Date(),
    });
    const file = resolve(values.output ?? `lab${String(number).padStart(2, "0")}.bundle`);
    await writeFile(file, bundle.bytes);
    ctx.stdout.write(
      `${GLYPH.pass} Wrote ${file} (${bundle.objects} objects, ${bundle.files} workspace files, ${bundle.bytes.byteLength} bytes).\n` +
        `  Bundle digest: ${bundle.digest}\n` +
        "  It proves the content of your objects; which tag pointed where is recorded as your claim.\n",
    );
    if (values.to !== undefined) {
      const url = values.to.includes("://") ? values.to : `https://${values.to}`;
      const auth = registryAuth(url, { env: ctx.env, flags: await readFlagCredentials(values), push: true });
      const repository = `${session.prefix}/${SUBMISSION_REPOSITORY}`;
      await pushAll(new RegistryWriter(url, { auth }), repository, submissionItems(bundle.bytes));
      ctx.stdout.write(`${GLYPH.pass} Pushed it to ${new URL(url).host}/${repository}:${SUBMISSION_TAG}.\n`);
    }
    return EXIT.ok;
  },
};
