import * as os from "os";

/** The CLI's default `--parallel`: 4 × the CPUs Go may use (pkg/cmd/pulumi/operations/up.go `defaultParallel`). */
export function defaultParallel(): number {
  return 4 * os.cpus().length;
}

/** The error a step gets when an earlier step failed before it could start. */
export class StepCanceledError extends Error {
  constructor(readonly reason: unknown) {
    super(`canceled: an earlier step failed (${reason instanceof Error ? reason.message.split("\n")[0] : String(reason)})`);
  }
}

/**
 * Runs the provider calls of one deployment as the engine schedules them:
 * - Check and Diff one at a time, since the step generator makes them on its own loop
 *   (pkg/resource/deploy/step_generator.go `generateSteps`, without the opt-in ParallelDiff);
 * - every other step (create, update, delete, read) with at most `parallel` at once
 *   (pkg/resource/deploy/step_executor.go `worker`, as many workers as `--parallel`);
 * - after the first failure no new step starts, while steps under way finish and keep their result
 *   (step_executor.go `cancelDueToError`).
 */
export class StepExecutor {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private serialTail: Promise<unknown> = Promise.resolve();
  /** The first failure, which stopped new steps. */
  error?: unknown;
  /** The most steps that ran at once. */
  peak = 0;

  constructor(readonly parallel: number = defaultParallel()) {}

  /** Runs a Check or Diff after the ones before it. */
  serial<T>(call: () => Promise<T>): Promise<T> {
    // A failed Check or Diff stops the deployment too: the step generator bails (step_generator.go `bailDiag`).
    const run = this.serialTail
      .then(() => {
        this.throwIfCanceled();
        return call();
      })
      .catch((err: unknown) => {
        if (!(err instanceof StepCanceledError)) this.error ??= err;
        throw err;
      });
    this.serialTail = run.catch(() => undefined);
    return run;
  }

  /** Runs a step when a worker is free, unless a step has failed by then. */
  async step<T>(call: () => Promise<T>): Promise<T> {
    this.throwIfCanceled();
    if (this.active < this.parallel) {
      this.active++;
    } else {
      // The slot is handed over by release(), so a caller arriving meanwhile cannot take it.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.error !== undefined) {
        this.release();
        throw new StepCanceledError(this.error);
      }
    }
    this.peak = Math.max(this.peak, this.active);
    try {
      return await call();
    } catch (err) {
      this.error ??= err;
      throw err;
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  private throwIfCanceled(): void {
    if (this.error !== undefined) throw new StepCanceledError(this.error);
  }
}
