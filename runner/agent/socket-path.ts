import { join } from "node:path";

/** Longest socket path every platform accepts (sun_path is 104 bytes on macOS, 108 on Linux, with its NUL). */
const MAX_SOCKET_PATH = 103;

// Where the check agent of a registry root listens: a private folder beside the registry's data, or undefined
// when the path would be too long for a Unix socket (then `labs check` simply runs in its own process).
export function agentSocketPath(registryRoot: string): string | undefined {
  const path = join(registryRoot, "agent", "labs.sock");
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH ? path : undefined;
}
