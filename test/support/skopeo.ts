import { execa } from "execa";
import { tempLabsHome } from "./run-cli.js";

/** What a skopeo run printed and returned. */
export interface SkopeoRun {
  readonly exitCode: number;
  readonly stderr: string;
}

// `skopeo copy [--all]` between two references of a plain-HTTP registry, with a throwaway HOME as a learner's.
export async function skopeoCopy(registry: string, from: string, to: string, all = true): Promise<SkopeoRun> {
  const args = ["copy", ...(all ? ["--all"] : []), "--src-tls-verify=false", "--dest-tls-verify=false"];
  const run = await execa("skopeo", [...args, `docker://${registry}/${from}`, `docker://${registry}/${to}`], {
    env: { HOME: tempLabsHome() },
    reject: false,
  });
  return { exitCode: run.exitCode ?? -1, stderr: run.stderr };
}
