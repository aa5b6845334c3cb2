import { describe, expect, it } from "vitest";
import { parseAgentRequest } from "../../../runner/agent/agent-request.js";
import { agentSocketPath } from "../../../runner/agent/socket-path.js";

const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();

describe("the check agent's requests", () => {
  it("carry `labs check` with a lab number and --json, the caller's terminal and launcher folder", () => {
    const body = form([
      ["arg", "check"],
      ["arg", "9"],
      ["arg", "--json"],
      ["env", "LABS_COURSE_KEY=k=v\nNO_COLOR=1\nTERM=xterm"],
      ["tty", "1"],
      ["root", "/opt/oci-labs"],
    ]);
    expect(parseAgentRequest(body)).toEqual({
      args: ["check", "9", "--json"],
      env: { LABS_COURSE_KEY: "k=v", NO_COLOR: "1", TERM: "xterm" },
      tty: true,
      root: "/opt/oci-labs",
    });
  });

  it("keep only the variables `labs check` reads, never the rest of the caller's environment", () => {
    const body = form([
      ["arg", "check"],
      ["env", "AWS_SECRET_ACCESS_KEY=x\nPATH=/evil\nNODE_OPTIONS=--require /tmp/x.js\nLABS_HOME=/h\nnot a variable"],
      ["root", "/r"],
    ]);
    expect(parseAgentRequest(body)?.env).toEqual({ LABS_HOME: "/h" });
  });

  it("are refused for other commands, other options, stdin passwords, or no launcher folder", () => {
    const refused = [
      [
        ["arg", "start"],
        ["arg", "9"],
        ["root", "/r"],
      ],
      [
        ["arg", "check"],
        ["arg", "--password-stdin"],
        ["root", "/r"],
      ],
      [
        ["arg", "check"],
        ["arg", "9; rm -rf /"],
        ["root", "/r"],
      ],
      [
        ["arg", "check"],
        ["arg", "123"],
        ["root", "/r"],
      ],
      [["arg", "check"]],
      [],
    ] as [string, string][][];
    for (const fields of refused) expect(parseAgentRequest(form(fields))).toBeUndefined();
  });

  it("listen beside the registry's data, unless the path is too long for a Unix socket", () => {
    expect(agentSocketPath("/home/ada/.oci-labs/registry")).toBe("/home/ada/.oci-labs/registry/agent/labs.sock");
    expect(agentSocketPath(`/tmp/${"x".repeat(90)}`)).toBeUndefined();
  });
});
