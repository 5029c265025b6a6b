import { z } from "zod";
import { type AdminApiError, type AdminClient, ConfigurationError, isAdminError, projects, readVisible, DEFAULT_VISIBILITY_POLICY } from "./client";
import { getClient, lostCreateWaitMs, missingKeyMessage, settingSources } from "./credentials";
import { type Claim, claim, hold, ownerOf } from "./ownership";
import { madeParent } from "./lookup";
import { warn } from "./warn";

/** The value the engine sends, during a preview, for an input that is not known yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = Record<string, unknown>;

/**
 * The input that carries the `import` resource option: the sdk classes take the option out before it reaches
 * the engine (which cannot import a dynamic resource) and send the id as this input, the same for every
 * resource. It matters only to create; no diff ever shows it.
 */
export const IMPORT_INPUT = "importId";

/** The output that tells which create or adopt put this resource's object in the state (see ownership.ts). */
export const CLAIM_OUTPUT = "__claim";

/**
 * The `createdAt` output of a resource whose API object carries no creation time: {@link defineResource}'s create
 * notes when it made or adopted the object (a read of a young object needs it). `pulumi import` makes no create.
 */
export const madeAt = z
  .number()
  .optional()
  .describe("Unix seconds when this resource made or adopted the object (the API does not say); unset after `pulumi import`.");

/** One problem with one input, as Pulumi shows it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * The six operations of a resource, over plain objects and with no Pulumi types, so the same code
 * can serve the dynamic-provider shim today and a real provider plugin later.
 */
export interface ResourceHandler {
  check(olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  /** `diffs` names every property that changed (inputs, and drift such as `status`), for a detailed diff. */
  diff(id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean; diffs: string[] }>;
  create(inputs: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, props: Props): Promise<{ id: string; props: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

/**
 * A handler that also describes itself, for the provider plugin: its schemas (the package schema is
 * generated from them) and an import by id alone (`pulumi import`, where no state exists yet).
 */
export interface DefinedResource extends ResourceHandler {
  readonly definition: {
    type: string;
    inputs: z.ZodType;
    outputs: z.ZodObject;
    replaceOn: readonly string[];
    deleteBeforeReplace: boolean;
    importIdForm: string;
    lives: Lives;
  };
  /** Reads an object by the id a user gives `pulumi import`; answers its id, outputs and the inputs that would make it. */
  import(id: string): Promise<{ id: string; props: Props; inputs: Props }>;
}

/**
 * Where a resource's objects live: the API path template of their collection, and the kind of the object that holds
 * them (a project's spend alerts live under `Project`). The bench tells calls apart by `path`; the docs show both.
 */
export interface Lives {
  /** The collection's path under the base URL, parameters in braces: `/organization/projects/{projectId}/spend_alerts`. */
  path: string;
  /** The kind whose objects hold this collection, when not the organization: `Project`, `Group`. */
  under?: string;
  /**
   * Other collections its calls reach, outside `path`: a certificate's activations in a project
   * (`/organization/projects/{projectId}/certificates`). The bench counts their calls as this resource's.
   */
  also?: readonly string[];
}

/**
 * What a resource module states; {@link defineResource} turns it into a {@link ResourceHandler}, and
 * `npm run generate` (scripts/generate.ts) writes the SDK class, the registry and the README's table from it.
 */
export interface ResourceSpec<I extends Props, O extends Props> {
  /** The type name users see: `Project`, `SpendAlert`, … */
  type: string;
  /** Validates and normalizes the inputs; what the API treats as equal must come out equal. */
  inputs: z.ZodType<I>;
  /**
   * Every output a create, read or adopt answers, each described in words: the package schema, and so every other
   * language's SDK, is generated from it. Keys starting `__` are the handler's own and never declared; `createdAt`
   * (which the handler adds) is, with {@link madeAt} when the API's object does not carry one.
   */
  outputs: z.ZodObject & z.ZodType<O>;
  /**
   * True for the objects the API makes anew on each create (the duplicate guard watches their creates): they are
   * replaced by deleting the old object first. A replacement cannot be told from a duplicate when it is made: for
   * `pulumi up --replace` the engine checks the new inputs with no old ones and skips Diff
   * (pkg/resource/deploy/step_generator.go), so nothing tells the provider which object is being replaced; deleting
   * first removes the object before its successor's create looks for duplicates. Where a diff asks for the
   * replacement, the diff first checks that the successor can be made (its project exists). The SDK class sets the
   * resource option from it (the engine never asks Diff about a `--replace`), and the diff answers it.
   *
   * Every keyed object (a policy, a limit, a membership, a person's role) leaves it unset and is replaced
   * create-before-delete: the new resource takes the object over and the old one's delete then leaves it
   * (ownership.ts), so a policy is never lifted in between, and a replacement that cannot be made fails before
   * anything is removed. An object made anew also starts every collection registered under its kind empty
   * (lookup.ts childCollection): it can hold nothing yet.
   */
  deletesFirst?: boolean;
  /** The import id users write, for the docs and the errors: `<projectId>/<alertId>`, `proj_…`, `organization`. */
  importIdForm: string;
  /** Where the objects live (see {@link Lives}). */
  lives: Lives;
  /** Turns an import id into the resource id and the outputs `read` needs; default: the id alone. */
  importId?: (id: string, inputs?: Partial<I>) => { id: string; outs: Partial<O> };
  /** Inputs whose change replaces the object. */
  replaceOn: ReadonlyArray<keyof I & string>;
  /** Inputs whose absence means "not managed" (the API picks a value), so they never diff when unset. */
  unmanagedWhenUnset?: ReadonlyArray<keyof I & string>;
  /** Inputs that only steer a create (e.g. `allowDuplicateName`): never diffed, never sent on update. */
  createOnly?: ReadonlyArray<keyof I & string>;
  /**
   * Inputs `pulumi import` leaves out of the inputs it answers: a second way to name what another input names
   * (`email` beside `userId`), which the inputs' own rules refuse together; or an output that is an input only for
   * some objects (a region the API works out), answered by a function of the object read.
   */
  notImported?: ReadonlyArray<keyof I & string> | ((outs: O) => ReadonlyArray<keyof I & string>);
  /** Drift found by `read` that can only be mended by a new object (an archived project). */
  replaceOnDrift?: (outs: O) => string[];
  /** A short phrase naming the object for messages: `project "team-a"`. */
  describe(props: Props): string;
  /** True for an object that lives under a project (`projectId`): a 404 there may mean the project does not exist. */
  childOfProject?: boolean;
  create(c: AdminClient, inputs: I): Promise<{ id: string; outs: O }>;
  /**
   * Why an object read for adoption (`{ import: id }`) cannot be taken over (archived, accepted, …), or
   * undefined when it can. Adoption is otherwise the same for every resource: {@link importId}, one `read`,
   * and a comparison with the inputs that fails, listing every difference, before the object enters the state.
   */
  refuseAdoption?: (outs: O) => string | undefined;
  /**
   * Replaces the generic read above, for a resource whose adoption is not one `read` by the import id. It must
   * make no write; a 404 and the comparison with the inputs are still handled for you.
   */
  adopt?: (c: AdminClient, id: string, inputs: I) => Promise<{ id: string; outs: O }>;
  /**
   * One GET, or for a collection with many objects the run's listing (client/listed.ts), falling back to the GET
   * for an object the listing does not hold; `undefined` when the object is gone. A 404 is turned into `undefined` for you, at once for an
   * old object; for one whose `createdAt` output (unix seconds) is moments ago, only after the GET has been
   * retried for a bounded time (see readVisible): the API may not show a new object yet.
   */
  read(c: AdminClient, id: string, outs: O): Promise<O | undefined>;
  update(c: AdminClient, id: string, olds: O, inputs: I): Promise<O>;
  /** A 404 counts as done and is handled for you. */
  delete(c: AdminClient, id: string, outs: O): Promise<void>;
}

/** Builds the handler of a resource: validation, diffing and error wording are the same for all five. */
export function defineResource<I extends Props, O extends Props>(spec: ResourceSpec<I, O>): DefinedResource {
  const fail = (op: string, props: Props, e: unknown): never => {
    throw explain(spec, op, props, e);
  };
  const handler: DefinedResource = {
    definition: {
      type: spec.type,
      inputs: spec.inputs,
      outputs: spec.outputs,
      replaceOn: spec.replaceOn,
      deleteBeforeReplace: spec.deletesFirst === true,
      importIdForm: spec.importIdForm,
      lives: spec.lives,
    },

    async import(importId) {
      // With no program inputs to name the parent, the id must name it: said before any request.
      spec.importId?.(importId);
      // The same read and the same refusals as the import option's adoption: every route in refuses alike.
      const found = await adoptable(spec, importId, {} as I);
      // None there: the engine says so in its own words ("does not exist").
      if (found.outs === undefined) return { id: "", props: {}, inputs: {} };
      // The inputs are the outputs' values for the input keys; a null there is an input left unset.
      const notImported: readonly string[] = typeof spec.notImported === "function" ? spec.notImported(found.outs) : (spec.notImported ?? []);
      const keys = Object.keys(shapeOf(spec.inputs)).filter((k) => !notImported.includes(k));
      const props = found.outs as Props;
      const inputs = Object.fromEntries(keys.filter((k) => props[k] != null).map((k) => [k, withoutNulls(props[k])]));
      return { id: found.id, props, inputs };
    },

    async check(_olds, news) {
      // Certain once the engine has configured the provider: better said at preview than at the first create.
      const missing = missingKeyMessage();
      if (missing) throw new ConfigurationError(`OpenAI ${spec.type}: ${missing}`);
      const { importId, rest: raw } = takeImport(news);
      const imported = importId === undefined ? {} : { [IMPORT_INPUT]: importId };
      const importFailures =
        importId === undefined || importId === UNKNOWN || (typeof importId === "string" && importId.trim() !== "")
          ? []
          : [{ property: IMPORT_INPUT, reason: "the import option must be the id of an existing object" }];
      const parsed = spec.inputs.safeParse(raw);
      if (parsed.success && importFailures.length === 0) return { inputs: { ...parsed.data, ...imported }, failures: [] };
      // During a preview an input's value may be unknown: it cannot be judged yet, the rest still can.
      // An input that does not exist is wrong whatever its value.
      const failures = parsed.success
        ? []
        : parsed.error.issues.flatMap(toFailures).filter((f) => f.reason === NOT_AN_INPUT || !isUnknownAt(raw, f.property));
      return { inputs: { ...raw, ...imported }, failures: [...failures, ...importFailures] };
    },

    async diff(id, olds, news) {
      // The import option is not compared: once adopted, keeping, removing or changing it changes nothing.
      const raw = takeImport(news).rest;
      const parsed = spec.inputs.safeParse(raw);
      const inputs: Props = parsed.success ? parsed.data : raw;
      const changed = compared(spec).filter((key) => {
        if (inputs[key] === undefined && spec.unmanagedWhenUnset?.includes(key)) return false;
        return containsUnknown(inputs[key]) || !sameValue(inputs[key], olds[key]);
      });
      const drift = spec.replaceOnDrift?.(olds as O) ?? [];
      const replaces = [...changed.filter((k) => spec.replaceOn.includes(k)), ...drift];
      const changes = changed.length > 0 || drift.length > 0;
      const deleteBeforeReplace = spec.deletesFirst === true;
      // A resource that stays keeps its object against the delete of an old one with the same key (ownership.ts).
      if (!changes || replaces.length === 0) hold(spec.type, id, olds, olds[CLAIM_OUTPUT]);
      // No destructive step before a check that the next one can succeed: the old object is deleted first, and its
      // successor goes to the project the inputs name now.
      else if (deleteBeforeReplace && spec.childOfProject && changed.includes("projectId") && typeof inputs.projectId === "string" && inputs.projectId !== UNKNOWN) {
        await requireProject(spec, inputs);
      }
      return { changes, replaces, deleteBeforeReplace, diffs: [...changed, ...drift] };
    },

    async create(inputs) {
      const { importId } = takeImport(inputs);
      const valid = validated(spec.type, spec.inputs, inputs);
      try {
        const adopting = typeof importId === "string";
        const made = adopting ? await adopt(spec, importId, valid) : await spec.create(getClient(), valid);
        // An object made anew holds nothing yet: what lives under it needs no listing (lookup.ts childCollection).
        if (!adopting && spec.deletesFirst) madeParent(getClient(), spec.type, made.id);
        // The young-404 grace of `read` needs to know when the object was made, for every resource alike.
        const outs: Props = { createdAt: Math.floor(Date.now() / 1000), ...made.outs };
        // From now until the run ends, this resource owns the object: another's delete leaves it (ownership.ts).
        outs[CLAIM_OUTPUT] = claim(spec.type, made.id, outs);
        return { id: made.id, outs };
      } catch (e) {
        const { objectId, outs } = e as { objectId?: unknown; outs?: Props };
        const error = explain(spec, "create", inputs, e);
        // Applied but unreadable: the engine keeps the id (a resource that failed to initialize), so the
        // next `up` updates it instead of making another. `outs` is what the create captured before its
        // write (a value to put back on delete), which must survive the lost answer.
        if (typeof objectId === "string") throw Object.assign(error, { id: objectId, properties: { ...valid, ...outs, __provider: inputs.__provider } });
        throw error;
      }
    },

    async read(id, props) {
      try {
        // One setting for how long the API may hide an object it just made: a lost create looks for that long,
        // and a read of a young object takes its 404 for "not visible yet" for that long.
        const waitMs = lostCreateWaitMs();
        const policy = waitMs === undefined ? undefined : { ...DEFAULT_VISIBILITY_POLICY, waitMs };
        const outs = await readVisible(() => spec.read(getClient(), id, props as O), props.createdAt, policy);
        return outs === undefined ? { id: "", props: {} } : { id, props: kept(props, outs) };
      } catch (e) {
        if (isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) return { id: "", props: {} };
        return fail("read", props, e);
      }
    },

    async update(id, olds, news) {
      const valid = validated(spec.type, spec.inputs, news);
      try {
        const outs = kept(olds, await spec.update(getClient(), id, olds as O, valid));
        // A resource from before claims existed gets one at its first update (ownership.ts).
        outs[CLAIM_OUTPUT] ??= claim(spec.type, id, outs);
        return { outs };
      } catch (e) {
        return fail("update", news, e);
      }
    },

    async delete(id, props) {
      const owner = ownerOf(spec.type, id, props);
      if (owner !== undefined && owner !== props[CLAIM_OUTPUT]) {
        await warn(
          `OpenAI ${spec.type} (${spec.describe(props)}): left in place, not deleted: another resource of this stack took it ` +
            "over in this run (a rename, a move into a component, or a replacement), and deleting this one would undo that.",
        );
        return;
      }
      try {
        await spec.delete(getClient(), id, props as O);
      } catch (e) {
        if (isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) return;
        if (spec.childOfProject && (await projectIsGone(props.projectId))) {
          await warn(
            `OpenAI ${spec.type} (${spec.describe(props)}): its project ${String(props.projectId)} is archived or gone, so there is ` +
              "nothing left to delete; it leaves Pulumi state.",
          );
          return;
        }
        fail("delete", props, e);
      }
    },
  };
  return handler;
}

function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x != null).map(([k, x]) => [k, withoutNulls(x)]));
  }
  return v;
}

/** What state keeps across reads and updates that the API's object does not carry: the claim, and when it was made. */
function kept(olds: Props, outs: Props): Props {
  const carried: Props = {};
  if (olds.createdAt !== undefined && outs.createdAt === undefined) carried.createdAt = olds.createdAt;
  if (olds[CLAIM_OUTPUT] !== undefined) carried[CLAIM_OUTPUT] = olds[CLAIM_OUTPUT] as Claim;
  return { ...outs, ...carried };
}

/** Fails, naming the input, when the project a replacement would be made in is archived or not there. */
async function requireProject<I extends Props, O extends Props>(spec: ResourceSpec<I, O>, inputs: Props): Promise<void> {
  if (await projectIsGone(inputs.projectId)) {
    throw new Error(
      `OpenAI ${spec.type} (${spec.describe(inputs)}): projectId: the project ${String(inputs.projectId)} is archived or not in this ` +
        "organization, so the replacement could not be made; nothing was changed (the old object is deleted first only when its successor can be made)",
    );
  }
}

/**
 * True when a delete that failed under project `projectId` failed because the project is archived or gone: then
 * nothing is left to delete. One GET, made only after a failure; any doubt answers false, so the first error stands.
 */
async function projectIsGone(projectId: unknown): Promise<boolean> {
  if (typeof projectId !== "string") return false;
  try {
    const p = await projects.retrieve(getClient(), projectId);
    return p.status === "archived" || p.archived_at != null;
  } catch (e) {
    return isAdminError(e, "OPENAI_ADMIN_NOT_FOUND");
  }
}

/** Reads the object named by the import option (one GET), refusing it unless it already is what the inputs say. */
async function adopt<I extends Props, O extends Props>(spec: ResourceSpec<I, O>, importId: string, inputs: I): Promise<{ id: string; outs: O }> {
  const cannot = `OpenAI ${spec.type} (${spec.describe(inputs)}): cannot adopt "${importId}"`;
  const { id, outs } = await adoptable(spec, importId, inputs);
  if (outs === undefined) {
    throw new Error(
      `${cannot}: the organization has no such object (check the id in the import option, and that the admin key ` +
        "is this organization's); nothing was changed",
    );
  }
  const differing = compared(spec).filter((key) => {
    if (inputs[key] === undefined && spec.unmanagedWhenUnset?.includes(key)) return false;
    return !sameValue(inputs[key], outs[key]);
  });
  if (differing.length > 0) {
    const fields = differing.map((k) => `${k}: the program says ${JSON.stringify(inputs[k] ?? null)}, the organization has ${JSON.stringify(outs[k] ?? null)}`);
    throw new Error(
      `${cannot}: the program differs from it, so nothing was changed. ` +
        `Write the organization's values into the program (or adopt first and change afterwards): ${fields.join("; ")}`,
    );
  }
  return { id, outs };
}

/**
 * Reads the object an import id names (no write; `outs` undefined when there is none), refusing what can never be
 * managed (archived, accepted, predefined…). Shared by the import option and `pulumi import`, so both refuse alike.
 */
async function adoptable<I extends Props, O extends Props>(spec: ResourceSpec<I, O>, importId: string, inputs: I): Promise<{ id: string; outs: O | undefined }> {
  const cannot = `OpenAI ${spec.type} (${spec.describe(inputs)}): cannot adopt "${importId}"`;
  let found: { id: string; outs: O | undefined };
  try {
    if (spec.adopt) {
      found = await spec.adopt(getClient(), importId.trim(), inputs);
    } else {
      const { id, outs } = spec.importId?.(importId.trim(), inputs) ?? { id: importId.trim(), outs: {} };
      // The inputs stand in for the old outputs a read may need (a spend alert's project).
      found = { id, outs: await spec.read(getClient(), id, { ...inputs, ...outs } as unknown as O) };
    }
  } catch (e) {
    if (!isAdminError(e, "OPENAI_ADMIN_NOT_FOUND")) {
      // A malformed id; API failures keep their usual wording.
      if (!isAdminError(e) && e instanceof Error) throw new Error(`${cannot}: ${e.message}; nothing was changed`);
      throw explain(spec, "adopt", inputs, e);
    }
    found = { id: importId, outs: undefined };
  }
  const outs = found.outs;
  if (outs === undefined) return { id: found.id, outs };
  const refusal = spec.refuseAdoption?.(outs);
  if (refusal) throw new Error(`${cannot}: ${refusal}; nothing was changed`);
  return { id: found.id, outs };
}

/** The inputs a diff compares: what the user writes, less the ones that only steer a create. */
function compared(spec: { inputs: z.ZodType; createOnly?: readonly string[] }): string[] {
  return Object.keys(shapeOf(spec.inputs)).filter((k) => !spec.createOnly?.includes(k));
}

function takeImport(props: Props): { importId: unknown; rest: Props } {
  const { [IMPORT_INPUT]: importId, ...rest } = withoutProvider(props);
  return { importId, rest };
}

function validated<I extends Props>(type: string, schema: z.ZodType<I>, props: Props): I {
  const parsed = schema.safeParse(takeImport(props).rest);
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues.flatMap(toFailures).map((f) => `${f.property}: ${f.reason}`);
  throw new Error(`OpenAI ${type}: invalid inputs, nothing was sent: ${reasons.join("; ")}`);
}

/** Words an API failure for the person running `pulumi up`: which object, which call, what to do. */
function explain(spec: Pick<ResourceSpec<Props, Props>, "type" | "describe" | "childOfProject">, op: string, props: Props, e: unknown): Error {
  if (!isAdminError(e)) return e instanceof Error ? e : new Error(String(e));
  const err = e as AdminApiError;
  const what = spec.describe(props);
  const message = `OpenAI ${spec.type} (${what}): ${op} failed: ${err.message}. ${hint(err, op, what, spec.childOfProject ? props.projectId : undefined)}`.trim();
  // The wrapper words the failure for a person; a program or test still matches on what the client knew.
  return Object.assign(new Error(message, { cause: err }), {
    code: err.code,
    status: err.status,
    requestId: err.requestId,
    type: err.apiError?.type ?? undefined,
    apiError: err.apiError,
  });
}

/**
 * What to do about a failure. Only what is true: a definitive refusal (a 4xx) is followed by no
 * promise about the next `up`, and an ambiguous create says what to look for.
 */
function hint(e: AdminApiError, op: string, what: string, projectId: unknown): string {
  const sources = settingSources();
  switch (e.code) {
    case "OPENAI_ADMIN_AUTHENTICATION":
      if (e.apiError?.code === "mismatched_organization" && sources.organization) {
        return `The admin key belongs to another organization than the one ${sources.organization} names: fix or remove that setting (the key alone selects its organization).`;
      }
      return (
        `The admin key was refused (it came from ${sources.key ?? "the settings"}` +
        (sources.keyOverridesEnv ? ", which overrides OPENAI_ADMIN_KEY, also set" : "") +
        "): set an organization admin key with `pulumi config set --secret openai:adminKey <key>` or the OPENAI_ADMIN_KEY environment variable (a project API key will not do). " +
        // The engine configures refresh and destroy from the config saved in the state at the last up.
        "If you rotated the key: `pulumi refresh` and `pulumi destroy` use the key saved in the state by the last `pulumi up`, so run `pulumi up` with the new key first, or add `--run-program`."
      );
    case "OPENAI_ADMIN_PERMISSION_DENIED":
      return "The admin key may not do this: use an admin key of an organization owner, and check openai:organization / OPENAI_ORG_ID.";
    case "OPENAI_ADMIN_RATE_LIMITED":
      return "OpenAI kept rate-limiting this call: run again, or lower openai:maxConcurrency / set openai:requestsPerMinute.";
    case "OPENAI_ADMIN_NOT_FOUND":
      if (typeof projectId === "string" && op === "create") {
        return `The project ${projectId} (its projectId) does not exist in this organization: check projectId, or that the admin key is of the project's organization.`;
      }
      if (typeof projectId === "string") {
        return `This object or its project ${projectId} is gone from the organization: run \`pulumi refresh\`, then \`pulumi up\` to make it again.`;
      }
      return "The object is gone from the organization: run `pulumi refresh`, then `pulumi up` to make it again.";
    case "OPENAI_ADMIN_CONFIGURATION":
      return "";
    default:
      if (e.ambiguous && op === "create") {
        return (
          `It may have been applied: look in the organization for ${what} before running again, ` +
          'and adopt it with the resource option { import: "<its id>" } if it is there.'
        );
      }
      return e.status !== undefined && e.status >= 500 ? "OpenAI had a server error: run again." : "";
  }
}

function withoutProvider(props: Props): Props {
  const rest = { ...props };
  delete rest.__provider;
  return rest;
}

const NOT_AN_INPUT = "is not an input of this resource";

function toFailures(issue: z.core.$ZodIssue): CheckFailure[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => ({ property: [...issue.path, k].join("."), reason: NOT_AN_INPUT }));
  }
  return [{ property: issue.path.map(String).join(".") || "(inputs)", reason: issue.message }];
}

function isUnknownAt(root: Props, property: string): boolean {
  let v: unknown = root;
  for (const part of property.split(".")) {
    if (v === UNKNOWN) return true;
    if (v === null || typeof v !== "object") return false;
    v = (v as Record<string, unknown>)[part];
  }
  return containsUnknown(v);
}

function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/** Deep equality where `null` and a missing value are the same, as they are to the API. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])])
        .filter(([, x]) => x !== null),
    );
  }
  return v;
}

function shapeOf(schema: z.ZodType): Record<string, unknown> {
  // Input schemas are objects, possibly wrapped in a normalizing pipe; the keys are what users write.
  const def = (schema as unknown as { def: { type: string; in?: z.ZodType; shape?: Record<string, unknown> } }).def;
  if (def.type === "pipe" && def.in) return shapeOf(def.in);
  return def.shape ?? {};
}
