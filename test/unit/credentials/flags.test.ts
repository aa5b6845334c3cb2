import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readFlagCredentials } from "../../../runner/credentials/flags.js";
import { LabsError } from "../../../runner/errors.js";

const stdin = (text: string) => Readable.from([Buffer.from(text)]);

describe("--username and --password-stdin", () => {
  it("reads the password from stdin without its trailing newline", async () => {
    expect(await readFlagCredentials({ username: "ada", "password-stdin": true }, stdin("s3 cret\n"))).toEqual({
      username: "ada",
      password: "s3 cret",
    });
  });

  it("gives nothing when neither flag is present", async () => {
    expect(await readFlagCredentials({}, stdin("ignored"))).toBeUndefined();
  });

  it.each([
    ["--password-stdin without --username", { "password-stdin": true }, "x"],
    ["--username without --password-stdin", { username: "ada" }, "x"],
    ["an empty password", { username: "ada", "password-stdin": true }, "\n"],
  ])("refuses %s as a usage error", async (_name, flags, input) => {
    const error = await readFlagCredentials(flags, stdin(input)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabsError);
    expect(error).toMatchObject({ code: "USAGE" });
  });
});
