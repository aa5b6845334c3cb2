import { existsSync, type FSWatcher, watch } from "node:fs";
import { basename, dirname } from "node:path";
import type { AnswerValue } from "../../grader/checks/inputs.js";
import { readState } from "../state/state.js";
import type { Feed } from "./feed.js";

/** The learner's files and answers a lab grades. */
export interface FileFeedOptions {
  /** The lab's workspace folder (watched recursively when it exists). */
  readonly workspace: string;
  readonly stateFile: string;
  readonly labNumber: number;
  readonly notify: () => void;
}

// Notifies when a file in the workspace changes or the lab's answers in the state change (`labs answer`);
// the state's other changes, such as the check runs this watch records, are not news.
export function fileFeed(options: FileFeedOptions): Feed {
  const watchers: FSWatcher[] = [];
  if (existsSync(options.workspace)) {
    watchers.push(watch(options.workspace, { recursive: true }, () => options.notify()));
  }
  let answers: Promise<string> = answersOf(options.stateFile, options.labNumber);
  const stateName = basename(options.stateFile);
  const stateDir = dirname(options.stateFile);
  if (existsSync(stateDir)) {
    watchers.push(
      watch(stateDir, (_event, name) => {
        if (name !== stateName) return;
        answers = answers.then(async (before) => {
          const now = await answersOf(options.stateFile, options.labNumber);
          if (now !== before) options.notify();
          return now;
        });
      }),
    );
  }
  for (const watcher of watchers) watcher.on("error", () => options.notify());
  return {
    async close() {
      for (const watcher of watchers) watcher.close();
      await answers;
    },
  };
}

async function answersOf(stateFile: string, labNumber: number): Promise<string> {
  try {
    const answers: Readonly<Record<string, AnswerValue>> =
      (await readState(stateFile)).labs[String(labNumber)]?.answers ?? {};
    return JSON.stringify(answers);
  } catch {
    return "unreadable";
  }
}
