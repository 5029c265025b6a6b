import * as pulumi from "@pulumi/pulumi";

/**
 * Why registrations of one kind are let into the engine a few at a time.
 *
 * The engine runs at most `--parallel` steps at once (default 4 × CPUs) and hands them to its workers first come
 * first served: the step executor's workers read chains from one unbuffered channel
 * (pkg/resource/deploy/step_executor.go `newStepExecutor`, `worker`). A program that declares 50 projects, each
 * with model permissions, a spend alert and data retention, registers the 50 projects at once; they take every
 * worker, each waiting its turn at the projects endpoint's pace (the API takes about 10 requests a minute per
 * endpoint), while the children of the first projects queue behind the rest. The children's endpoints sit idle
 * for most of the run, and the `up` takes about twice what the limits allow.
 *
 * So one kind may hold at most half the engine's workers: a registration waits, before the engine sees it,
 * until fewer than that many of its kind are registered and unfinished. One endpoint still gets all the requests
 * it can take (the provider paces them anyway), and the other half of the workers stays free for the children
 * whose parents are done and for other kinds.
 */
export class Admission {
  private held = 0;
  private readonly waiting: Array<() => void> = [];
  private keepAlive?: ReturnType<typeof setInterval>;

  /**
   * @param cap registrations of this kind the engine may hold at once
   * @param holdMs a slot is given back after this long even if its registration has not finished, so that a
   *   registration waiting (through `dependsOn` on a component, say) on another of its kind cannot stall both
   * @param failed true once the program has failed: from then on a waiting registration no longer keeps it running
   */
  constructor(
    readonly cap: number,
    readonly holdMs: number,
    private readonly failed: () => boolean = () => false,
  ) {}

  /** Resolves once a slot is free; the function it gives gives the slot back (once, however often called). */
  async acquire(): Promise<() => void> {
    if (this.held < this.cap) {
      this.held++;
    } else {
      const turn = new Promise<void>((resolve) => this.waiting.push(resolve));
      this.watch();
      await turn;
    }
    let given = false;
    const timer = setTimeout(() => release(), this.holdMs);
    // A slot held with nobody waiting is no reason to run on: a program that fails leaves slots held.
    timer.unref();
    const release = () => {
      if (given) return;
      given = true;
      clearTimeout(timer);
      // The slot passes straight to the next in line, so nobody arriving meanwhile can take it.
      const next = this.waiting.shift();
      this.watch();
      if (next) next();
      else this.held--;
    };
    return release;
  }

  /**
   * Keeps Node running while a registration waits for a slot and the program has not failed. When the slots are
   * held by registrations that wait (through `dependsOn` on a component) for the one waiting here, nothing but
   * promises is left, and Node would end the program before the hold limit could let that one in.
   */
  private watch(): void {
    const needed = this.waiting.length > 0 && !this.failed();
    if (needed && !this.keepAlive) {
      // Checked each second: a program that fails meanwhile ends within a second, not at the hold limit.
      this.keepAlive = setInterval(() => this.watch(), 1_000);
    } else if (!needed && this.keepAlive) {
      clearInterval(this.keepAlive);
      this.keepAlive = undefined;
    }
  }
}

/** How long a registration may hold its slot: far longer than a create waits for its endpoint's pace. */
const HOLD_MS = 60_000;
const admissions = new Map<string, Admission>();

/**
 * Half the engine's workers, or nothing when the engine's parallelism is unknown or unbounded. The language
 * host passes the engine's `--parallel` to the program as `PULUMI_NODEJS_PARALLEL` (sdk/nodejs/cmd/run
 * `addToEnvIfDefined`; pulumi-language-nodejs main.go sends `--parallel`).
 */
function capFromEngine(): number | undefined {
  const parallel = Number(process.env.PULUMI_NODEJS_PARALLEL);
  if (!Number.isSafeInteger(parallel) || parallel < 2 || parallel >= 2 ** 31 - 1) return undefined;
  return Math.floor(parallel / 2);
}

/** What a resource class does around its `super()` call: pass `opts` on, then call `registered(this)`. */
export interface Admitted {
  opts: pulumi.CustomResourceOptions | undefined;
  registered(resource: pulumi.CustomResource): void;
}

/**
 * Settles when the output's value is known or has failed. Output's `promise()` is the SDK's own way to await an
 * output (runtime/dependsOn.ts `gatherExplicitDependencies` uses it); `apply` would never run after a failure,
 * and a registration held for ever would keep the program from ending.
 */
function settled(output: pulumi.Output<unknown>): Promise<void> {
  const awaitable = output as unknown as { promise(): Promise<unknown> };
  return awaitable.promise().then(
    () => undefined,
    () => undefined,
  );
}

/**
 * Holds the registration of a resource of `kind` until its kind has a free slot (see {@link Admission}), by
 * giving the engine its `dependsOn` only then. It first waits for the inputs, the parent and the resources listed
 * directly in `dependsOn` (not those behind an output or a component: the hold limit covers those), so that a slot
 * is not held by a registration still waiting for another resource. A preview is
 * not held: its steps call no API.
 */
export function admit(kind: string, args: object, opts: pulumi.CustomResourceOptions | undefined): Admitted {
  const cap = capFromEngine();
  if (cap === undefined || pulumi.runtime.isDryRun()) return { opts, registered: () => undefined };
  let admission = admissions.get(kind);
  // An error logged (an uncaught one included) means the program has failed.
  if (!admission) admissions.set(kind, (admission = new Admission(cap, HOLD_MS, () => pulumi.log.hasErrors())));
  const gate = admission;
  const deps = opts?.dependsOn;
  const direct = (Array.isArray(deps) ? deps : [deps]).filter((d): d is pulumi.Resource => pulumi.Resource.isInstance(d));
  const ready = settled(pulumi.output([args, opts?.parent?.urn, ...direct.map((d) => d.urn)]));
  let release: (() => void) | undefined;
  let finished = false;
  const slot = ready
    .then(() => gate.acquire())
    .then((give) => {
      release = give;
      if (finished) give();
    });
  return {
    // The SDK awaits a promise given as dependsOn and reads what it gives as it would have read dependsOn itself
    // (runtime/dependsOn.ts `gatherExplicitDependencies`); the type says Promise<Resource[]> only.
    opts: { ...opts, dependsOn: slot.then(() => deps ?? []) as Promise<pulumi.Resource[]> },
    registered(resource) {
      // Finished, or failed: either way the engine no longer holds it.
      void settled(resource.urn).then(() => {
        finished = true;
        release?.();
      });
    },
  };
}
