import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTar } from "../../../runner/seed/index.js";
import { assertRequirement, requireCommand, skipUnless } from "../../support/requirements.js";
import { GOLDEN_TAR, LONG_DIR, LONG_TARGET } from "./golden-spec.js";

// An independent reader of our tar bytes: GNU tar lists and extracts them.

const tarReq = requireCommand("tar");

describe.skipIf(skipUnless(tarReq))("buildTar read by the system tar", () => {
  beforeAll(() => assertRequirement(tarReq));
  const archive = buildTar(GOLDEN_TAR);
  const run = (args: string[]) =>
    execFileSync("tar", args, { input: archive, env: { ...process.env, LC_ALL: "C.UTF-8", TZ: "UTC" } }).toString();

  it("lists every member with its mode, owner 0/0, size and mtime 0 (1970-01-01), in order", () => {
    const listing = run(["-tvf", "-", "--numeric-owner", "--full-time", "--quoting-style=literal"]);
    const rows = listing
      .trim()
      .split("\n")
      .map((line) => {
        const m = /^(\S+) (\d+)\/(\d+) +(\d+) (\S+ \S+) (.*)$/.exec(line);
        if (!m) throw new Error(`unexpected tar listing line: ${line}`);
        return { perms: m[1], owner: `${m[2]}/${m[3]}`, size: Number(m[4]), time: m[5], name: m[6] };
      });
    expect(rows.every((r) => r.owner === "0/0" && r.time === "1970-01-01 00:00:00")).toBe(true);
    expect(rows.map((r) => `${r.perms} ${r.size} ${r.name}`)).toEqual([
      "drwxr-xr-x 0 etc/",
      "-rw-r--r-- 22 etc/os-release",
      "lrwxrwxrwx 0 etc/motd -> /usr/share/motd",
      "hrw-r--r-- 0 etc/os-release.bak link to etc/os-release",
      "-rwxr-xr-x 20 bin/tool",
      "-rw-r--r-- 0 app/.wh.secret.txt",
      "-rw-r--r-- 0 var/cache/.wh..wh..opq",
      `-rw-r--r-- 5 ${LONG_DIR}/file.txt`,
      `lrwxrwxrwx 0 long-link -> ${LONG_TARGET}`,
      "-rw------- 8 etc/café.txt",
    ]);
  });

  it("extracts file contents unchanged, including under a long and a non-ASCII name", () => {
    expect(run(["-xOf", "-", "etc/os-release"])).toBe("ID=labos\nVERSION_ID=1\n");
    expect(run(["-xOf", "-", `${LONG_DIR}/file.txt`])).toBe("deep\n");
    expect(run(["-xOf", "-", "etc/café.txt"])).toBe("Grüße\n");
  });
});
