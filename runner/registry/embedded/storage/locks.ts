// In-process locks keyed by string (one registry process owns a root, see root-lock.ts). Order when nesting:
// repository lock first, then tag, blob or upload locks; never the reverse.

/** Runs functions one at a time per key. */
export interface KeyedMutex {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** Shared (read) and exclusive (write) sections per key, granted in arrival order. */
export interface KeyedRwLock {
  read<T>(key: string, fn: () => Promise<T>): Promise<T>;
  write<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

// A mutex per key; keys with no holder take no memory.
export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<void>>();
  return {
    async run(key, fn) {
      const previous = tails.get(key);
      let release = () => {};
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = previous ? previous.then(() => mine) : mine;
      tails.set(key, tail);
      if (previous) await previous;
      try {
        return await fn();
      } finally {
        release();
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
  };
}

interface Waiter {
  readonly exclusive: boolean;
  readonly grant: () => void;
}

interface RwState {
  readers: number;
  writer: boolean;
  readonly queue: Waiter[];
}

// A readers–writer lock per key, fair (FIFO): a waiting writer blocks later readers.
export function createKeyedRwLock(): KeyedRwLock {
  const states = new Map<string, RwState>();

  function compatible(state: RwState, exclusive: boolean): boolean {
    return exclusive ? !state.writer && state.readers === 0 : !state.writer;
  }

  function take(state: RwState, exclusive: boolean): void {
    if (exclusive) state.writer = true;
    else state.readers++;
  }

  function drain(key: string, state: RwState): void {
    for (let head = state.queue[0]; head && compatible(state, head.exclusive); head = state.queue[0]) {
      state.queue.shift();
      take(state, head.exclusive);
      head.grant();
    }
    if (!state.writer && state.readers === 0 && state.queue.length === 0) states.delete(key);
  }

  async function section<T>(key: string, exclusive: boolean, fn: () => Promise<T>): Promise<T> {
    let state = states.get(key);
    if (!state) {
      state = { readers: 0, writer: false, queue: [] };
      states.set(key, state);
    }
    const held = state;
    if (held.queue.length === 0 && compatible(held, exclusive)) take(held, exclusive);
    else await new Promise<void>((grant) => held.queue.push({ exclusive, grant }));
    try {
      return await fn();
    } finally {
      if (exclusive) held.writer = false;
      else held.readers--;
      drain(key, held);
    }
  }

  return {
    read: (key, fn) => section(key, false, fn),
    write: (key, fn) => section(key, true, fn),
  };
}
