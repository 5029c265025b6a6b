/**
 * Temporary folders that go away when the run ends, however it ends: removed by their owner when done, and
 * otherwise when the process exits (a thrown error, `process.exit`) or is stopped by Ctrl-C, SIGTERM or SIGHUP.
 * Only SIGKILL leaves one behind, which nothing can help.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const live = new Set<string>();
const firsts = new Set<() => void>();
let hooked = false;

/**
 * Runs `stop` (synchronously) when the process ends, before the folders go: a child that could still write into
 * one (a Pulumi CLI finishing its cancel after Ctrl-C) must be stopped first, or it makes the folder again. Answers
 * the function that unregisters it.
 */
export function beforeTempRemoval(stop: () => void): () => void {
  hookProcessEnd();
  firsts.add(stop);
  return () => firsts.delete(stop);
}

/** Makes a folder `<temp dir>/<prefix>XXXXXX` that is removed when the process ends, if not before. */
export async function tempDir(prefix: string): Promise<string> {
  hookProcessEnd();
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), prefix));
  live.add(dir);
  return dir;
}

/** Removes a folder made by {@link tempDir} now. */
export async function removeTempDir(dir: string): Promise<void> {
  live.delete(dir);
  await fs.promises.rm(dir, { recursive: true, force: true });
}

function removeAll(): void {
  // Synchronous: neither an exit hook nor a dying process gets another turn of the event loop.
  for (const stop of firsts) {
    try {
      stop();
    } catch {
      // Gone already.
    }
  }
  firsts.clear();
  for (const dir of live) fs.rmSync(dir, { recursive: true, force: true });
  live.clear();
}

function hookProcessEnd(): void {
  if (hooked) return;
  hooked = true;
  process.once("exit", removeAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      removeAll();
      // A listener turns off Node's default of dying on the signal. When no other code listens, die of it
      // as before (the `once` listener is gone now), so the exit status still says the run was interrupted.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}
