import type { Reporter, TestCase, TestModule } from "vitest/node";

// Under CI=true a skipped test is a failure: this reporter lists every skip and fails the run.
export default class NoSkipsInCi implements Reporter {
  private readonly skipped: string[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const result = testCase.result();
    if (result.state === "skipped") {
      const note = result.note;
      this.skipped.push(`${testCase.module.moduleId} > ${testCase.fullName}${note ? ` (${note})` : ""}`);
    }
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>): void {
    if (process.env.CI !== "true" || this.skipped.length === 0) return;
    process.stderr.write(`\nCI=true: ${this.skipped.length} skipped test(s) count as failures:\n`);
    for (const line of this.skipped) process.stderr.write(`  - ${line}\n`);
    process.exitCode = 1;
  }
}
