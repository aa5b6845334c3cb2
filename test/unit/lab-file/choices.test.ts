import { describe, expect, it } from "vitest";
import { CHECKS } from "../../../grader/checks/index.js";
import type { LabDefinition } from "../../../grader/lab/types.js";
import { type ChoicePick, pickChoices } from "../../../runner/lab-file/choices.js";
import { type LoadResult, loadEveryChoice, loadLabText } from "../../../runner/lab-file/load.js";
import { sessionValues } from "../../../runner/lab-session.js";
import { learnerVariant } from "../../../runner/seeding/variant.js";

const LAB = `formatVersion: 1
number: 42
slug: choices-demo
title: Choices demo
level: beginner
minutes: 5
intro: Mirror one tag.
debrief: Done.
choices:
  release: ["1.4", "2.0", "3.1"]
  arch: [s390x, ppc64le]
seed:
  images:
    app: { platform: "linux/{{choice.arch}}", layers: [{ files: [{ path: a.txt, content: "a" }] }] }
  tags:
    - { repository: src/app, tag: "{{choice.release}}", target: app }
tasks:
  - id: mirror
    title: Mirror {{choice.release}}
    text: Copy \`src/app:{{choice.release}}\` (built for {{choice.arch}}) to \`mirror/app:{{choice.release}}\`.
    hints: ["The tag is {{choice.release}}."]
    checks:
      - { id: same, kind: same-digest, ref: "mirror/app:{{choice.release}}", seed: app }
solution:
  run: skopeo copy "docker://$REGISTRY/$PREFIX/src/app:$CHOICE_RELEASE" "docker://$REGISTRY/$PREFIX/mirror/app:$CHOICE_RELEASE"
  tools: [skopeo]
`;

function loaded(result: LoadResult): LabDefinition {
  if (!("lab" in result)) throw new Error(result.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join("\n"));
  return result.lab;
}

const load = (text: string, pick?: ChoicePick) => loadLabText("lab.yaml", text, CHECKS, pick);

describe("lab choices", () => {
  it("fill the seed, text, hints and checks with the first values when there is no learner", () => {
    const lab = loaded(load(LAB));
    expect(lab.chosen).toEqual({ release: "1.4", arch: "s390x" });
    expect(lab.seed.tags[0]?.tag).toBe("1.4");
    expect(lab.seed.images.app?.platform).toBe("linux/s390x");
    expect(lab.tasks[0]?.title).toBe("Mirror 1.4");
    expect(lab.tasks[0]?.text).toContain("`mirror/app:1.4`");
    expect(lab.tasks[0]?.hints).toEqual(["The tag is 1.4."]);
    expect(lab.tasks[0]?.checks[0]).toMatchObject({ ref: "mirror/app:1.4" });
    expect(lab.solution?.run).toContain("$CHOICE_RELEASE");
  });

  it("give each learner their own values, the same every time, so text and checks agree", () => {
    const picks = ["ada", "bob", "cy", "dee", "eve", "fay", "gus", "hal"].map((learner) => {
      const lab = loaded(load(LAB, { variant: learnerVariant(42, learner, "course-key") }));
      expect(lab.tasks[0]?.checks[0]).toMatchObject({ ref: `mirror/app:${lab.chosen.release}` });
      expect(lab.tasks[0]?.text).toContain(`built for ${lab.chosen.arch}`);
      return lab.chosen.release;
    });
    expect(new Set(picks).size).toBeGreaterThan(1);
    const again = loaded(load(LAB, { variant: learnerVariant(42, "ada", "course-key") }));
    expect(again.chosen.release).toBe(picks[0]);
  });

  it("take value i of every list in test run i, wrapping around a shorter list", () => {
    const choices = { release: ["1.4", "2.0", "3.1"], arch: ["s390x", "ppc64le"] };
    expect(pickChoices(choices, { index: 2 })).toEqual({ release: "3.1", arch: "s390x" });
    expect(pickChoices(choices, { variant: "" })).toEqual({ release: "1.4", arch: "s390x" });
  });

  it("reach shell steps as CHOICE_ variables, never pasted into the command", () => {
    const lab = loaded(load(LAB, { index: 1 }));
    const session = { prefix: "lab42", variant: "", workspace: "/w", facts: new Map(), chosen: lab.chosen };
    expect(sessionValues(session, "127.0.0.1:5000", 42)).toMatchObject({
      CHOICE_RELEASE: "2.0",
      CHOICE_ARCH: "ppc64le",
    });
    const pasted = LAB.replace("src/app:$CHOICE_RELEASE", "src/app:{{choice.release}}");
    const result = load(pasted);
    const problems = "problems" in result ? result.problems : [];
    expect(problems.map((p) => p.message)).toContain(
      "a shell command reads a choice as $CHOICE_RELEASE, not {{choice.release}}",
    );
  });

  it("keep task and check ids the same for every learner: they name gradebook columns", () => {
    const result = load(LAB.replace("  - id: mirror\n", "  - id: mirror-{{choice.release}}\n"));
    const messages = "problems" in result ? result.problems.map((p) => p.message) : [];
    expect(messages).toContain("task and check ids name gradebook columns: keep them the same for every learner");
  });

  it("report an undeclared name, an unused choice and a bad list where they are written", () => {
    const text = LAB.replace("Mirror {{choice.release}}", "Mirror {{choice.relase}}")
      .replace("  arch: [s390x, ppc64le]", "  arch: [s390x, ppc64le]\n  colour: [red]\n  flavour: [a, a]")
      .replace('["1.4", "2.0", "3.1"]', '["1.4", "2.0", "3.1", "bad:tag"]');
    const result = load(text);
    if (!("problems" in result)) throw new Error("expected problems");
    const at = (fragment: string) => result.problems.find((p) => p.message.includes(fragment));
    expect(at("{{choice.relase}} names no choice")?.line).toBe(
      text.split("\n").findIndex((l) => l.includes("relase")) + 1,
    );
    expect(at('choice "colour" lists two or more values')).toBeDefined();
    expect(at("this value is listed twice")).toBeDefined();
    expect(at("a value is a string of letters")?.line).toBe(10);
    expect(at('choice "flavour" is never used')).toBeDefined();
  });

  it("are validated once per value, naming the values a problem appeared with", () => {
    const text = LAB.replace('["1.4", "2.0", "3.1"]', '["1.4", "2.0", "3 1"]');
    expect("lab" in load(text)).toBe(true);
    const result = loadEveryChoice("lab.yaml", text, CHECKS);
    if (!("problems" in result)) throw new Error("expected the third value's problem");
    expect(result.problems.map((p) => p.message).join("\n")).toContain("(with release=3 1, arch=s390x)");
  });

  it("fill keys too, so an answer key or a platform map can follow a choice", () => {
    const text = LAB.replace(
      "seed:\n",
      "answers:\n  digest_of_{{choice.arch}}: { type: digest, title: digest }\nseed:\n",
    );
    const lab = loaded(load(text, { index: 1 }));
    expect(Object.keys(lab.answers)).toEqual(["digest_of_ppc64le"]);
    const clash = text.replace("answers:\n", "answers:\n  digest_of_s390x: { type: digest, title: digest }\n");
    const result = load(clash);
    const messages = "problems" in result ? result.problems.map((p) => p.message) : [];
    expect(messages).toContain('two keys become "digest_of_s390x" with these choices');
  });

  it("take records whose parts change together, so a permutation never repeats a value", () => {
    const text = LAB.replace(
      "  arch: [s390x, ppc64le]",
      "  arch: [s390x, ppc64le]\n  pair: [{ odd: a, even: b }, { odd: b, even: a }]",
    ).replace(
      "The tag is {{choice.release}}.",
      "The tag is {{choice.release}}; odd {{choice.pair.odd}}, even {{choice.pair.even}}.",
    );
    const first = loaded(load(text));
    expect(first.tasks[0]?.hints[0]).toBe("The tag is 1.4; odd a, even b.");
    expect(first.chosen).toMatchObject({ "pair.odd": "a", "pair.even": "b" });
    const second = loaded(load(text, { index: 1 }));
    expect(second.tasks[0]?.hints[0]).toContain("odd b, even a");
    const session = { prefix: "lab42", variant: "", workspace: "/w", facts: new Map(), chosen: second.chosen };
    expect(sessionValues(session, "r", 42)).toMatchObject({ CHOICE_PAIR_ODD: "b", CHOICE_PAIR_EVEN: "a" });
    for (const learner of ["ada", "bob", "cy", "dee"]) {
      const lab = loaded(load(text, { variant: learnerVariant(42, learner, "") }));
      expect(lab.chosen["pair.odd"]).not.toBe(lab.chosen["pair.even"]);
    }
    const uneven = text.replace("{ odd: b, even: a }", "{ odd: b }");
    const result = load(uneven);
    const messages = "problems" in result ? result.problems.map((p) => p.message) : [];
    expect(messages).toContain("a value is a record with the parts even, odd of letters, digits, space, . _ / and -");
  });
});
