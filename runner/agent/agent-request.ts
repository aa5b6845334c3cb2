/** A command the agent runs for the `labs` launcher: its arguments, the caller's environment, and its terminal. */
export interface AgentRequest {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly tty: boolean;
  /** The package folder of the launcher that sent it. */
  readonly root: string;
}

/** What the agent runs: `labs check`, with a lab number and `--json` at most (nothing that reads stdin). */
const ALLOWED = /^(check|--json|\d{1,2})$/;
/** Variables the launcher forwards (names only: their values are the caller's). */
const FORWARDED =
  /^(LABS_[A-Z0-9_]+|NO_COLOR|FORCE_COLOR|TERM|COLORTERM|HOME|DOCKER_CONFIG|REGISTRY_AUTH_FILE|XDG_[A-Z_]+)$/;

// Reads the launcher's form (`arg=` repeated, `env=NAME=value` repeated, `tty`, `root`); undefined for anything
// else, which the launcher then runs itself.
export function parseAgentRequest(body: string): AgentRequest | undefined {
  const form = new URLSearchParams(body);
  const args = form.getAll("arg");
  if (args[0] !== "check" || !args.every((a) => ALLOWED.test(a))) return undefined;
  const env: Record<string, string> = {};
  for (const line of form.getAll("env").flatMap((block) => block.split("\n"))) {
    const at = line.indexOf("=");
    const name = line.slice(0, at);
    if (at > 0 && FORWARDED.test(name)) env[name] = line.slice(at + 1);
  }
  const root = form.get("root");
  if (!root) return undefined;
  return { args, env, tty: form.get("tty") === "1", root };
}
