// Node.js: labs needs 20 or newer (package.json `engines`); older versions cannot run it.

import type { DoctorCheck } from "../types.js";

/** The oldest Node.js major version labs runs on. */
export const MIN_NODE_MAJOR = 20;

// Compares the running Node.js with the minimum; a too-old one blocks every lab.
export const nodeCheck: DoctorCheck = {
  id: "node",
  async run(ctx) {
    const version = ctx.deps.nodeVersion;
    const major = Number.parseInt(version.replace(/^v/, ""), 10);
    if (Number.isInteger(major) && major >= MIN_NODE_MAJOR) {
      return { id: "node", status: "ok", summary: `Node.js ${version} (labs needs ${MIN_NODE_MAJOR} or newer).` };
    }
    return {
      id: "node",
      status: "fail",
      summary: `Node.js ${version} is too old: labs needs Node.js ${MIN_NODE_MAJOR} or newer.`,
      detail: "Debian 12's `nodejs` package is Node.js 18, too old for labs.",
      fix:
        `Install Node.js ${MIN_NODE_MAJOR} LTS or newer: \`nvm install ${MIN_NODE_MAJOR}\` (https://github.com/nvm-sh/nvm), ` +
        "or the packages from https://nodejs.org/en/download; then run `labs doctor` again.",
    };
  },
};
