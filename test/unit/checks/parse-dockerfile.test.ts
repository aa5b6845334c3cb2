import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../../../grader/checks/parse-dockerfile.js";

const refs = (text: string) => parseDockerfile(text).images.map((i) => i.reference);

describe("parseDockerfile", () => {
  it("reads FROM with a platform flag and a stage name", () => {
    const file = parseDockerfile("FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go build\n");
    expect(file.images).toEqual([
      {
        reference: "golang:1.22",
        written: "golang:1.22",
        line: 1,
        source: "FROM",
        platform: "$BUILDPLATFORM",
        stage: "build",
      },
    ]);
    expect(file.stages).toEqual([{ index: 0, base: "golang:1.22", line: 1, name: "build" }]);
    expect(file.problems).toEqual([]);
  });

  it("does not take a FROM or COPY --from that names an earlier stage (any case) for an image", () => {
    const text = [
      "FROM golang:1.22 AS Build",
      "RUN make",
      "FROM build AS test",
      "FROM gcr.io/distroless/static@sha256:" + "a".repeat(64),
      "COPY --from=BUILD /out /app",
      "COPY --from=0 /x /y",
      "COPY --from=busybox:1.36 /bin/sh /sh",
    ].join("\n");
    expect(refs(text)).toEqual(["golang:1.22", `gcr.io/distroless/static@sha256:${"a".repeat(64)}`, "busybox:1.36"]);
    expect(parseDockerfile(text).images[2]?.source).toBe("COPY --from");
  });

  it("never takes scratch for an image", () => {
    expect(refs("FROM scratch\nCOPY x /\n")).toEqual([]);
  });

  it("joins continuation lines, skipping comments and empty lines inside them", () => {
    const text = "FROM \\\n  # the base\n\n  alpine:3.19 \\\n  AS base\nRUN echo a \\\n  && echo b\n";
    const file = parseDockerfile(text);
    expect(file.images).toMatchObject([{ reference: "alpine:3.19", line: 1, stage: "base" }]);
    expect(file.problems).toEqual([]);
  });

  it("honours the escape directive (a backtick, as on Windows)", () => {
    const file = parseDockerfile("# escape=`\nFROM `\n  mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN dir c:\\\n");
    expect(file.images.map((i) => i.reference)).toEqual(["mcr.microsoft.com/windows/nanoserver:ltsc2022"]);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile ARG syntax, not a JS template
  it("substitutes global ARGs with defaults into FROM ($X, ${X}, ${X:-d})", () => {
    const text = [
      "ARG REGISTRY=localhost:5000",
      'ARG TAG="2.0"',
      "ARG VARIANT",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile ARG syntax, not a JS template
      "FROM ${REGISTRY}/lab15/backend:$TAG",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile ARG syntax, not a JS template
      "FROM ${REGISTRY}/base:${VARIANT:-slim}",
    ].join("\n");
    const file = parseDockerfile(text);
    expect(file.images.map((i) => i.reference)).toEqual([
      "localhost:5000/lab15/backend:2.0",
      "localhost:5000/base:slim",
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile ARG syntax, not a JS template
    expect(file.images[0]?.written).toBe("${REGISTRY}/lab15/backend:$TAG");
    expect(file.problems).toEqual([]);
  });

  it("reports an ARG without default and an undeclared name used in FROM", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile ARG syntax, not a JS template
    const file = parseDockerfile("ARG BASE\nFROM $BASE\nFROM ${NOPE}/x:1\n");
    expect(file.problems.map((p) => p.line)).toEqual([2, 3]);
    expect(file.problems[0]?.message).toContain("--build-arg BASE");
    expect(file.problems[1]?.message).toContain("not declared");
  });

  it("skips heredoc bodies, so a line inside that starts with FROM is not an instruction", () => {
    const text =
      "FROM alpine:3.19\nRUN <<EOF\nFROM evil:latest\necho hi\nEOF\nCOPY <<-END /etc/x\n\tFROM other:1\n\tEND\n";
    const file = parseDockerfile(text);
    expect(refs(text)).toEqual(["alpine:3.19"]);
    expect(file.problems).toEqual([]);
  });

  it("reads RUN --mount=…,from=image", () => {
    expect(refs("FROM alpine\nRUN --mount=type=bind,from=tools:1,target=/t ls /t\n")).toEqual(["alpine", "tools:1"]);
  });

  it("keeps the line numbers of CRLF files", () => {
    expect(parseDockerfile("# c\r\nFROM a:1\r\n\r\nFROM b:2\r\n").images.map((i) => i.line)).toEqual([2, 4]);
  });

  it.each([
    ["no FROM at all", "RUN echo\n", "comes before the first FROM"],
    ["a FROM without image", "FROM\n", "FROM needs an image"],
    ["a FROM with junk after the name", "FROM a AS b c\n", "expected `FROM"],
    ["an empty file", "", "there is no FROM"],
  ])("reports %s", (_name, text, message) => {
    expect(
      parseDockerfile(text)
        .problems.map((p) => p.message)
        .join("\n"),
    ).toContain(message);
  });
});
