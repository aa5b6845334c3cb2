import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTar, gzip } from "../../../runner/seed/index.js";
import { assertRequirement, type Requirement, skipUnless } from "../../support/requirements.js";
import { GOLDEN_TAR } from "./golden-spec.js";

// Parity with the curriculum's Python prototype seeder (tarfile PAX_FORMAT, gzip.GzipFile(mtime=0)): the same
// spec gives the same bytes, so our golden digests are not merely "whatever our code does".

/** The interpreter behind `python3` (called directly: a pyenv shim costs over a second per call) and its zlib. */
function probePython(): { executable: string; zlib: string } | undefined {
  try {
    const out = execFileSync("python3", [
      "-c",
      "import sys, zlib; print(sys.executable); print(zlib.ZLIB_RUNTIME_VERSION)",
    ]);
    const [executable = "", zlib = ""] = out.toString().trim().split("\n");
    return { executable, zlib };
  } catch {
    return undefined;
  }
}

const python = probePython();
const pythonReq: Requirement = python
  ? { ok: true, reason: "" }
  : { ok: false, reason: "python3 is not installed (needed by this test)" };
// Python's gzip must sit on reference zlib 1.x: zlib-ng's deflate output differs by design.
const referenceZlib = python?.zlib.startsWith("1.") === true && !python.zlib.includes("ng");
const referenceZlibReq: Requirement = referenceZlib
  ? { ok: true, reason: "" }
  : {
      ok: false,
      reason: `python3 uses zlib ${python?.zlib ?? "(none)"}, not reference zlib 1.x (needed by this test)`,
    };
const runPython = (script: string, args: string[], input: Uint8Array | string) =>
  execFileSync(python?.executable ?? "python3", ["-c", script, ...args], { input });

// Python's tarfile with format=PAX_FORMAT is the format docs/seeding.md pins (the curriculum's prototype seeder).
const PYTHON_TAR = `
import io, json, posixpath, sys, tarfile
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
    for e in json.load(sys.stdin):
        kind, path, data = e["type"], e["path"], None
        if kind == "whiteout":
            head, tail = posixpath.split(path)
            path = posixpath.join(head, ".wh." + tail)
        elif kind == "opaque":
            path = posixpath.join(path, ".wh..wh..opq")
        info = tarfile.TarInfo(path)
        info.mode = e.get("mode", {"dir": 0o755, "symlink": 0o777}.get(kind, 0o644))
        if kind == "file":
            data = e["content"].encode("utf-8")
            info.size = len(data)
        elif kind == "dir":
            info.type = tarfile.DIRTYPE
        elif kind in ("symlink", "hardlink"):
            info.type = tarfile.SYMTYPE if kind == "symlink" else tarfile.LNKTYPE
            info.linkname = e["target"]
        tar.addfile(info, None if data is None else io.BytesIO(data))
sys.stdout.buffer.write(buf.getvalue())
`;

describe.skipIf(skipUnless(pythonReq))("buildTar compared with Python's tarfile", () => {
  beforeAll(() => assertRequirement(pythonReq));

  it("is byte-identical to tarfile PAX_FORMAT output for the golden spec", () => {
    const fromPython = runPython(PYTHON_TAR, [], JSON.stringify(GOLDEN_TAR));
    expect(Buffer.from(buildTar(GOLDEN_TAR)).equals(fromPython)).toBe(true);
  });

  it("differs from it when a mode differs (the comparison can fail)", () => {
    const other = GOLDEN_TAR.map((e) => (e.path === "bin/tool" ? { ...e, mode: 0o700 } : e));
    const fromPython = runPython(PYTHON_TAR, [], JSON.stringify(other));
    expect(Buffer.from(buildTar(GOLDEN_TAR)).equals(fromPython)).toBe(false);
  });
});

const PYTHON_GZIP = `
import gzip, io, sys
buf = io.BytesIO()
with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=int(sys.argv[1]), mtime=0) as out:
    out.write(sys.stdin.buffer.read())
sys.stdout.buffer.write(buf.getvalue())
`;

describe.skipIf(skipUnless(referenceZlibReq))("gzip compared with Python's gzip module on reference zlib", () => {
  beforeAll(() => assertRequirement(referenceZlibReq));
  const tar = buildTar(GOLDEN_TAR);

  it.each([1, 6, 9])("is byte-identical at level %i", (level) => {
    const fromPython = runPython(PYTHON_GZIP, [String(level)], tar);
    expect(Buffer.from(gzip(tar, level)).equals(fromPython)).toBe(true);
  });

  it("differs from it when the levels differ (the comparison can fail)", () => {
    const fromPython = runPython(PYTHON_GZIP, ["1"], tar);
    expect(Buffer.from(gzip(tar, 9)).equals(fromPython)).toBe(false);
  });
});
