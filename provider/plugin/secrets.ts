/**
 * Secrets on the wire. The plugin tells the engine it accepts secrets, so any value the user marked
 * secret (or the schema marks secret) arrives wrapped as `{ [specialSigKey]: specialSecretSig, value }`
 * in every call. The handlers see plain values; what goes back is wrapped again where it came in
 * wrapped, so state keeps it encrypted.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

/** Whether `v` is a wrapped secret. */
export function isSecret(v: unknown): v is { value: unknown } {
  return v !== null && typeof v === "object" && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/** Wraps `v` as a secret (once). */
export function secret(v: unknown): unknown {
  return isSecret(v) ? v : { [specialSigKey]: specialSecretSig, value: v };
}

/** `v` with every secret wrapper removed, at any depth. */
export function unwrapSecrets(v: unknown): unknown {
  if (isSecret(v)) return unwrapSecrets(v.value);
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
  return v;
}

/** Whether `v` holds a secret anywhere inside. */
export function containsSecret(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecret);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsSecret);
  return false;
}

/**
 * `props` with each top-level property wrapped as a secret when it held a secret in `from`, or when it
 * is named in `alwaysSecret` (outputs the schema marks secret, such as a key value an API returns).
 * Top level is as fine as it gets: the handlers normalize values (sorting, lower-casing), so a path
 * inside a value does not survive the trip.
 */
export function rewrap(props: Record<string, unknown>, from: Record<string, unknown>, alwaysSecret: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => [k, v !== undefined && (containsSecret(from[k]) || alwaysSecret.includes(k)) ? secret(v) : v]),
  );
}
