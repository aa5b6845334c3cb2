import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createKeyedMutex, createKeyedRwLock } from "../../../runner/registry/embedded/storage/locks.js";

describe("keyed mutex", () => {
  it("runs sections of one key one at a time, in order", async () => {
    const mutex = createKeyedMutex();
    const events: string[] = [];
    const section = (name: string, ms: number) =>
      mutex.run("k", async () => {
        events.push(`start ${name}`);
        await sleep(ms);
        events.push(`end ${name}`);
      });
    await Promise.all([section("a", 5), section("b", 1), section("c", 0)]);
    expect(events).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("lets different keys overlap and releases after a failure", async () => {
    const mutex = createKeyedMutex();
    let inside = 0;
    let overlap = false;
    const section = (key: string) =>
      mutex.run(key, async () => {
        inside++;
        await sleep(2);
        overlap ||= inside > 1;
        inside--;
      });
    await Promise.all([section("x"), section("y")]);
    expect(overlap).toBe(true);
    await expect(mutex.run("x", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(mutex.run("x", async () => "after")).resolves.toBe("after");
  });
});

describe("keyed readers–writer lock", () => {
  it("lets readers share and keeps writers alone", async () => {
    const lock = createKeyedRwLock();
    let readers = 0;
    let maxReaders = 0;
    let writerOverlapped = false;
    const read = () =>
      lock.read("repo", async () => {
        readers++;
        maxReaders = Math.max(maxReaders, readers);
        await sleep(3);
        readers--;
      });
    const write = () =>
      lock.write("repo", async () => {
        writerOverlapped ||= readers > 0;
        await sleep(1);
        writerOverlapped ||= readers > 0;
      });
    await Promise.all([read(), read(), write(), read(), read()]);
    expect(maxReaders).toBe(2);
    expect(writerOverlapped).toBe(false);
  });

  it("makes readers that arrive after a waiting writer wait for it (no writer starvation)", async () => {
    const lock = createKeyedRwLock();
    const order: string[] = [];
    const first = lock.read("k", async () => {
      await sleep(3);
      order.push("read 1");
    });
    const writer = lock.write("k", async () => {
      order.push("write");
    });
    const late = lock.read("k", async () => {
      order.push("read 2");
    });
    await Promise.all([first, writer, late]);
    expect(order).toEqual(["read 1", "write", "read 2"]);
  });
});
