/**
 * The driver's state file: resources with the field names of a Pulumi checkpoint, the default provider with the
 * stack config it was configured with, and secrets encrypted as a passphrase secrets manager would store them.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { isSecret, unwrapSecrets } from "./capture";
import { secret, type Props } from "./plugin";

/** Type tokens of `pulumi.dynamic.Resource` start with this; only such resources go to the plugin. */
export const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

/** The type of the default provider of dynamic resources, whose inputs are the whole stack config. */
export const DEFAULT_PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";

/**
 * One resource in the state, with the field names of a Pulumi checkpoint, so state exported by the real CLI
 * reads the same way. In memory, secret values are `{4dabf…: 1b47…, value}`; on disk, `{4dabf…: 1b47…, ciphertext}`.
 */
export interface StateResource {
  urn: string;
  type: string;
  /** False for a component, which only groups its children and never reaches the plugin. */
  custom: boolean;
  /** The provider's id; unset for a component. */
  id?: string;
  parent?: string;
  /** URNs this resource depends on (explicit `dependsOn` and the resources its inputs came from). */
  dependencies: string[];
  /** The checked inputs, `__provider` included, as the engine keeps them. */
  inputs: Props;
  /** The provider's outputs, `__provider` included. */
  outputs: Props;
  /** `<provider urn>::<provider id>`, as in a checkpoint; for the default provider's resources. */
  provider?: string;
  /** Set on an old resource that a failed `up` replaced but did not get to delete; the next step deletes it. */
  delete?: boolean;
  /** Why a create or update made the object but failed (ErrorResourceInitFailed); the next `up` updates it. */
  initErrors?: string[];
}

/** What the state file holds. */
export interface DriverState {
  resources: StateResource[];
  /** The salt of the passphrase secrets manager, as a Pulumi.<stack>.yaml `encryptionsalt`. */
  encryptionSalt?: string;
}

/** Reads the state file as stored (secrets encrypted, without the journal of a run under way); a missing file is an empty stack. */
export function readState(stateFile: string): StateResource[] {
  return readFile(stateFile).resources;
}

function readFile(stateFile: string): DriverState {
  try {
    return JSON.parse(fs.readFileSync(stateFile, "utf8")) as DriverState;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { resources: [] };
    throw err;
  }
}

/** The passphrase the driver's secrets manager uses unless told another; the state is a test artifact. */
export const DEFAULT_PASSPHRASE = "driver passphrase, not a secret";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Which entry of the state a journal entry is about: a URN, and whether it is the old half of a replacement. */
export interface EntryKey {
  urn: string;
  delete?: boolean;
}

/** One change to the state: put a resource (in place of `at`, else at the end), or remove one. */
export type JournalEntry = { put: StateResource; at?: EntryKey } | { remove: EntryKey };

const sameKey = (r: StateResource, k: EntryKey) => r.urn === k.urn && !!r.delete === !!k.delete;

/** Applies a journal entry to a list of resources. */
export function applyEntry(resources: StateResource[], entry: JournalEntry): void {
  const key = "put" in entry ? entry.at : entry.remove;
  const i = key ? resources.findIndex((r) => sameKey(r, key)) : -1;
  if ("put" in entry) {
    if (i >= 0) resources[i] = entry.put;
    else resources.push(entry.put);
  } else if (i >= 0) {
    resources.splice(i, 1);
  }
}

/**
 * The state file of one stack. Each finished step is appended to a journal beside it (`<file>.journal`, one
 * JSON line a step), as the engine's snapshot journaling does (pkg/backend/journal.go `JournalReplayer`), so a run killed half-way
 * keeps what finished without rewriting the whole state after every step; the next load replays the journal,
 * and the end of a run writes the whole state and drops the journal.
 * Secrets are encrypted with AES-256-GCM under a key derived from the passphrase; a value whose plaintext is
 * unchanged keeps its ciphertext, as the engine's secret cache does (pkg/resource/stack/secrets.go
 * `NewBatchingCachingSecretsManager`), so an unchanged secret does not look changed.
 */
export class Checkpoint {
  private readonly key: Buffer;
  private readonly salt: string;
  private readonly ciphertexts = new Map<string, string>();
  readonly journal: string;

  constructor(
    readonly file: string,
    passphrase = DEFAULT_PASSPHRASE,
  ) {
    this.salt = readFile(file).encryptionSalt ?? crypto.randomBytes(16).toString("base64");
    this.key = crypto.scryptSync(passphrase, this.salt, 32);
    this.journal = `${file}.journal`;
  }

  /** The resources in the state, with the journal of an unfinished run applied, secrets decrypted into secret wrappers. */
  load(): StateResource[] {
    const resources = readFile(this.file).resources.map((r) => this.decryptResource(r));
    if (fs.existsSync(this.journal)) {
      for (const line of fs.readFileSync(this.journal, "utf8").split("\n").filter(Boolean)) {
        const entry = JSON.parse(line) as JournalEntry;
        applyEntry(resources, "put" in entry ? { ...entry, put: this.decryptResource(entry.put) } : entry);
      }
    }
    return resources;
  }

  /** Appends one finished step's changes to the journal. */
  record(entries: JournalEntry[]): void {
    if (entries.length === 0) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const lines = entries.map((e) => JSON.stringify("put" in e ? { ...e, put: this.encryptResource(e.put) } : e));
    fs.appendFileSync(this.journal, `${lines.join("\n")}\n`);
  }

  /** Writes the whole state and drops the journal it now contains. */
  save(resources: StateResource[]): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const state: DriverState = { encryptionSalt: this.salt, resources: resources.map((r) => this.encryptResource(r)) };
    fs.writeFileSync(this.file, JSON.stringify(state, null, 2));
    fs.rmSync(this.journal, { force: true });
  }

  private encryptResource(r: StateResource): StateResource {
    return { ...r, inputs: this.encrypt(r.inputs) as Props, outputs: this.encrypt(r.outputs) as Props };
  }

  private decryptResource(r: StateResource): StateResource {
    return { ...r, inputs: this.decrypt(r.inputs) as Props, outputs: this.decrypt(r.outputs) as Props };
  }

  private encrypt(value: unknown): unknown {
    if (isSecret(value)) {
      const plain = JSON.stringify((value as { value: unknown }).value);
      let ciphertext = this.ciphertexts.get(plain);
      if (!ciphertext) {
        const iv = crypto.randomBytes(12);
        const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
        const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
        ciphertext = Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64");
        this.ciphertexts.set(plain, ciphertext);
      }
      return { [SIG_KEY]: SIG, ciphertext };
    }
    return mapValues(value, (v) => this.encrypt(v));
  }

  private decrypt(value: unknown): unknown {
    if (value !== null && typeof value === "object" && (value as Props)[SIG_KEY] === SIG && "ciphertext" in value) {
      const raw = Buffer.from(String((value as Props).ciphertext), "base64");
      const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
      this.ciphertexts.set(plain, String((value as Props).ciphertext));
      return secret(JSON.parse(plain));
    }
    return mapValues(value, (v) => this.decrypt(v));
  }
}

function mapValues(value: unknown, f: (v: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map(f);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, f(v)]));
  return value;
}

/** The values with secrets unwrapped: what the engine sends the dynamic provider, which accepts no secrets. */
export function plain(props: Props): Props {
  return unwrapSecrets(props) as Props;
}

/** Marks the named top-level properties secret (a value already secret stays as it is). */
export function markSecrets(props: Props, keys: Iterable<string>): Props {
  const out = { ...props };
  for (const k of keys) if (k in out && !isSecret(out[k])) out[k] = secret(out[k]);
  return out;
}

/** The default provider's URN for a stack. */
export function defaultProviderUrn(project: string, stack: string): string {
  return `urn:pulumi:${stack}::${project}::${DEFAULT_PROVIDER_TYPE}::default`;
}

/**
 * The default provider's state entry: its inputs are the whole stack config, namespaces kept, secret values as
 * secrets (pkg/resource/deploy/target.go `GetPackageConfig`, which passes dynamic providers every key).
 */
export function defaultProvider(project: string, stack: string, config: Record<string, string>, secretKeys: string[], id: string): StateResource {
  const inputs = markSecrets({ ...config }, secretKeys);
  return { urn: defaultProviderUrn(project, stack), type: DEFAULT_PROVIDER_TYPE, custom: true, id, dependencies: [], inputs, outputs: inputs };
}

/** The stack config saved in the state's default provider at the last `up`, with its secret keys; none before any `up`. */
export function savedConfig(resources: StateResource[]): { config: Record<string, string>; secretKeys: string[] } | undefined {
  const provider = resources.find((r) => r.type === DEFAULT_PROVIDER_TYPE);
  if (!provider) return undefined;
  const config = Object.fromEntries(Object.entries(plain(provider.inputs)).map(([k, v]) => [k, String(v)]));
  return { config, secretKeys: Object.keys(provider.inputs).filter((k) => isSecret(provider.inputs[k])) };
}

/** What a step did to the dynamic resources in state (components are not counted). */
export interface StepSummary {
  created: number;
  updated: number;
  replaced: number;
  deleted: number;
  unchanged: number;
}

/**
 * Compares two states of the same stack: a dynamic resource is created or deleted when its URN comes or goes,
 * replaced when its id changes, updated when its outputs do. A refresh reads as deletes (gone) and updates (drift).
 * Works on the driver's state and on state exported from the real CLI alike.
 */
export function summarize(before: StateResource[], after: StateResource[]): StepSummary {
  const managed = (rs: StateResource[]) => new Map(rs.filter((r) => r.type.startsWith(DYNAMIC_TYPE_PREFIX) && !r.delete).map((r) => [r.urn, r]));
  const olds = managed(before);
  const news = managed(after);
  const summary: StepSummary = { created: 0, updated: 0, replaced: 0, deleted: 0, unchanged: 0 };
  for (const [urn, now] of news) {
    const then = olds.get(urn);
    if (!then) summary.created++;
    else if (then.id !== now.id) summary.replaced++;
    else if (JSON.stringify(then.outputs) !== JSON.stringify(now.outputs)) summary.updated++;
    else summary.unchanged++;
  }
  summary.deleted = [...olds.keys()].filter((urn) => !news.has(urn)).length;
  return summary;
}
