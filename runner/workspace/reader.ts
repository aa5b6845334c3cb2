import { lstat, open } from "node:fs/promises";
import { isAbsolute, join, normalize, sep } from "node:path";
import type { WorkspaceReader } from "../../grader/checks/inputs.js";

// Read-only, bounded access to a workspace folder: regular files only, no symlink anywhere on the path,
// nothing outside the folder (a learner's workspace is untrusted input for the grader).
export function workspaceReader(root: string): WorkspaceReader {
  return {
    async read(path, maxBytes) {
      const relative = normalize(path);
      if (isAbsolute(relative) || relative.split(sep).includes(".."))
        throw new Error(`"${path}" is outside the workspace`);
      const parts = relative.split(sep).filter(Boolean);
      let current = root;
      for (const [i, part] of parts.entries()) {
        current = join(current, part);
        const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return undefined;
          throw error;
        });
        if (!info) return undefined;
        if (info.isSymbolicLink())
          throw new Error(
            `"${parts.slice(0, i + 1).join("/")}" is a symbolic link; graded files must be regular files`,
          );
        if (i === parts.length - 1 && !info.isFile()) throw new Error(`"${path}" is not a regular file`);
        if (i === parts.length - 1 && info.size > maxBytes)
          throw new Error(`"${path}" is ${info.size} bytes, over the ${maxBytes}-byte limit`);
      }
      return readCapped(current, maxBytes);
    },
  };
}

async function readCapped(file: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes + 1, 0);
    if (bytesRead > maxBytes) throw new Error(`the file grew past the ${maxBytes}-byte limit while being read`);
    return new Uint8Array(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
