import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ApiError } from "./errors";
import type { Org } from "./org";
import type { Family } from "./router";
import { findUser, OWNER_ID } from "./users";
import { fields, invalid, oneOf, required } from "./validate";

const MAX_EXPIRES_IN_S = 31_536_000;

// Stored redacted: the value is answered once, at creation, and never kept.
const keySchema = z.object({
  id: z.string(),
  object: z.literal("organization.admin_api_key"),
  name: z.string().nullable(),
  redacted_value: z.string(),
  created_at: z.number(),
  expires_at: z.number().nullable(),
  last_used_at: z.number().nullable(),
  owner_id: z.string(),
});
const shape = { adminApiKeys: z.array(keySchema).default([]) };
type Key = z.infer<typeof keySchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

function view(org: Org, k: Key) {
  const { owner_id, ...rest } = k;
  const user = findUser(org, owner_id);
  return {
    ...rest,
    owner: { type: "user", object: "organization.user", id: owner_id, name: user?.name ?? "", created_at: user?.added_at ?? 0, role: "owner" },
  };
}

function stored(org: Org, id: string): Key {
  const key = own(org).adminApiKeys.find((k) => k.id === id);
  if (!key) throw new ApiError(404, `No admin API key found with id '${id}'.`);
  return key;
}

/** Admin keys: made (value shown once), listed, revoked; no update. The emulator's own key is not among them. */
export const adminApiKeys: Family = {
  state: shape,
  fresh: () => ({ adminApiKeys: [] }),
  routes: {
    "GET /organization/admin_api_keys": ({ org, query }) => {
      const order = oneOf(query.get("order") ?? "asc", ["asc", "desc"], "order");
      const all = own(org).adminApiKeys.map((k) => view(org, k));
      return org.page(order === "asc" ? all : all.reverse(), query);
    },
    "POST /organization/admin_api_keys": ({ org, body }) => {
      const b = fields(body, ["name", "expires_in_seconds"]);
      const name = required(b, "name");
      if (typeof name !== "string") throw invalid("name", "expected a string");
      const expires = b.expires_in_seconds;
      if (expires !== undefined && (typeof expires !== "number" || !Number.isInteger(expires) || expires < 1 || expires > MAX_EXPIRES_IN_S)) {
        throw invalid("expires_in_seconds", `expected an integer from 1 to ${MAX_EXPIRES_IN_S}`);
      }
      // Random bytes, not the seeded stream: a seed must never make a key someone could predict.
      const value = `sk-admin-${randomBytes(24).toString("base64url")}`;
      const created = org.now();
      const key: Key = {
        id: org.newId("key_"), object: "organization.admin_api_key", name, redacted_value: `sk-admin...${value.slice(-4)}`,
        created_at: created, expires_at: expires === undefined ? null : created + expires, last_used_at: null, owner_id: OWNER_ID,
      };
      own(org).adminApiKeys.push(key);
      return { ...view(org, key), value };
    },
    "GET /organization/admin_api_keys/{key_id}": ({ org, params }) => view(org, stored(org, params.key_id)),
    "DELETE /organization/admin_api_keys/{key_id}": ({ org, params }) => {
      const key = stored(org, params.key_id);
      own(org).adminApiKeys = own(org).adminApiKeys.filter((k) => k !== key);
      return { id: key.id, object: "organization.admin_api_key.deleted", deleted: true };
    },
  },
};
