// Progress of a bulk grading run on stderr: one line redrawn in a terminal, a line per tenth elsewhere.

/** Reports each graded learner. */
export interface GradeProgress {
  done(failed: boolean): void;
  finish(): void;
}

// A progress reporter for `total` learners writing to `stream`.
export function gradeProgress(
  stream: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean },
  total: number,
): GradeProgress {
  const started = performance.now();
  let count = 0;
  let errors = 0;
  let lastTenth = 0;
  const line = () => {
    const seconds = (performance.now() - started) / 1000;
    return `graded ${count}/${total}${errors ? `, ${errors} not gradable` : ""} in ${seconds.toFixed(1)} s`;
  };
  return {
    done(failed) {
      count++;
      if (failed) errors++;
      if (stream.isTTY) stream.write(`\r${line()}`);
      else if (Math.floor((count * 10) / total) > lastTenth || count === total) {
        lastTenth = Math.floor((count * 10) / total);
        stream.write(`${line()}\n`);
      }
    },
    finish() {
      if (stream.isTTY) stream.write(`\r${line()}\n`);
    },
  };
}
