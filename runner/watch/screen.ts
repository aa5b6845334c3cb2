import { stripVTControlCharacters } from "node:util";
import type { ChalkInstance } from "chalk";
import { mark } from "../ui/render-report.js";
import type { TaskLine } from "./display.js";

/** Everything one frame of the watch shows. */
export interface WatchView {
  readonly lab: { readonly number: number; readonly title: string };
  /** How changes are noticed, e.g. "registry events" or "polling every 1 s". */
  readonly via: string;
  readonly lines: readonly TaskLine[];
  readonly checking: boolean;
  readonly lastCheck?: { readonly at: Date; readonly ms: number };
  /** A problem with the last run (registry gone, state locked), in a sentence. */
  readonly problem?: string;
}

const NOTE_INDENT = "        ";
const MARK_WIDTH = 10;

// One full frame for a terminal `width` columns wide: header, a line per task (glyph, word, title, points, and
// under a failing task its first failing check), totals and the keys.
export function renderScreen(view: WatchView, c: ChalkInstance, width: number): string {
  const status = view.checking ? c.cyan("checking…") : lastCheckText(view);
  const lines = [
    c.bold(clip(`Lab ${view.lab.number}: ${view.lab.title}`, width)),
    c.dim(clip(`watching (${view.via})`, width - 24)) + (status ? ` · ${status}` : ""),
    "",
  ];
  const titleWidth = Math.min(Math.max(0, ...view.lines.map((l) => l.title.length)), Math.max(10, width - 22));
  for (const line of view.lines) {
    const title = clip(line.title, titleWidth).padEnd(titleWidth);
    lines.push(`${padded(mark(line.status, c), MARK_WIDTH)}${title}  ${c.dim(pointsText(line.points))}`);
    if (line.note) lines.push(c.dim(`${NOTE_INDENT}${clip(line.note, width - NOTE_INDENT.length)}`));
  }
  if (view.lines.length === 0) lines.push(view.checking ? "Checking your work…" : "No tasks were graded.");
  else lines.push("", totals(view.lines, c));
  if (view.problem) lines.push(c.yellow(clip(view.problem, width)));
  lines.push(c.dim("r check afresh · q quit"));
  return `${lines.join("\n")}\n`;
}

// One line for a task that changed, for output that is not a terminal (pipes, CI logs).
export function renderChange(line: TaskLine, at: Date, c: ChalkInstance): string {
  const note = line.note ? `: ${line.note}` : "";
  return `[${clock(at)}] ${mark(line.status, c)}  ${line.title} (${line.id}, ${pointsText(line.points)})${note}\n`;
}

function totals(lines: readonly TaskLine[], c: ChalkInstance): string {
  const passed = lines.filter((l) => l.status === "pass");
  const earned = passed.reduce((sum, l) => sum + l.points, 0);
  const points = lines.reduce((sum, l) => sum + l.points, 0);
  const text = `${passed.length}/${lines.length} tasks passed, ${earned}/${points} points`;
  return passed.length === lines.length && lines.length > 0 ? c.green(`${text}. Well done.`) : text;
}

function lastCheckText(view: WatchView): string {
  return view.lastCheck ? `last check ${clock(view.lastCheck.at)} (${view.lastCheck.ms} ms)` : "";
}

function padded(styled: string, width: number): string {
  return styled + " ".repeat(Math.max(1, width - stripVTControlCharacters(styled).length));
}

function pointsText(points: number): string {
  return `${points} ${points === 1 ? "point" : "points"}`;
}

// A time of day as HH:MM:SS.
export function clock(at: Date): string {
  return at.toTimeString().slice(0, 8);
}

// Cuts text to `width` characters, marking the cut with an ellipsis.
export function clip(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (width < 2 || flat.length <= width) return flat;
  return `${flat.slice(0, width - 1)}…`;
}
