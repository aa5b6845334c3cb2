import type { RegistryCredentials } from "../../grader/registry/auth.js";
import { usageError } from "../errors.js";

/** `--username` and `--password-stdin`, as `docker login` takes them. */
export const CREDENTIAL_OPTIONS = {
  username: { type: "string" },
  "password-stdin": { type: "boolean" },
} as const;

/** The parsed flags. */
export interface CredentialFlags {
  readonly username?: string;
  readonly "password-stdin"?: boolean;
}

async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of stream) parts.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
  return parts.join("");
}

// Credentials given on the command line (the password read from stdin, trailing newline dropped), or undefined.
export async function readFlagCredentials(
  flags: CredentialFlags,
  stdin: AsyncIterable<Uint8Array | string> = process.stdin,
): Promise<RegistryCredentials | undefined> {
  const { username, "password-stdin": passwordStdin } = flags;
  if (username === undefined && !passwordStdin) return undefined;
  if (username === undefined || username === "")
    throw usageError("--password-stdin needs --username.", "Pass both, e.g. `--username ada --password-stdin`.");
  if (!passwordStdin)
    throw usageError("--username needs --password-stdin.", "Pipe the password in: `... --password-stdin < file`.");
  const password = (await readAll(stdin)).replace(/\r?\n$/, "");
  if (password === "") throw usageError("--password-stdin read an empty password.");
  return { username, password };
}
