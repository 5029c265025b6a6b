import { z } from "zod";
import { ApiError } from "./errors";
import type { Org } from "./org";
import type { Family } from "./router";
import { EMAIL, fields, invalid, nullableString, oneOf, required } from "./validate";

// Organization roles the API documents (`owner` or `reader`).
const ROLES = ["owner", "reader"] as const;

const userSchema = z.object({
  id: z.string(),
  object: z.literal("organization.user"),
  name: z.string().nullable(),
  email: z.string(),
  role: z.enum(ROLES),
  added_at: z.number(),
});
// `.default`: a state file saved before this family existed still loads.
const shape = { users: z.array(userSchema).default([]) };

/** A person in the organization, in API shape. */
export type User = z.infer<typeof userSchema>;
type State = z.infer<z.ZodObject<typeof shape>>;
const own = (org: Org) => org.state as State;

/** The person who owns the emulator's admin key: every org has its owner. */
export const OWNER_ID = "user-emulatorOwner0000000000";

const leaving: Array<(org: Org, userId: string) => void> = [];

/** Lets another family drop what a person held (project memberships) when they leave the organization. */
export function onUserRemoved(drop: (org: Org, userId: string) => void): void {
  leaving.push(drop);
}

/** The member with this id, if any. */
export const findUser = (org: Org, id: unknown): User | undefined => own(org).users.find((u) => u.id === id);

/** The member with this address (case-insensitive), if any. */
export const findUserByEmail = (org: Org, email: unknown): User | undefined =>
  typeof email === "string" ? own(org).users.find((u) => u.email.toLowerCase() === email.toLowerCase()) : undefined;

function getUser(org: Org, id: string): User {
  const user = findUser(org, id);
  if (!user) throw new ApiError(404, `No user found with id '${id}'.`);
  return user;
}

/**
 * Makes a person a member, as accepting an invite does; a person already in keeps their place.
 * @returns the member
 */
export function joinOrganization(org: Org, email: string, role: User["role"], name: string | null = null): User {
  const existing = findUserByEmail(org, email);
  if (existing) return existing;
  const user: User = { id: org.newId("user-"), object: "organization.user", name, email, role, added_at: org.now() };
  own(org).users.push(user);
  return user;
}

/** People: they join by invite (or the control call below), never by an API create. */
export const users: Family = {
  state: shape,
  fresh: (org) => ({
    users: [{ id: OWNER_ID, object: "organization.user", name: "Emulator Owner", email: "owner@example.com", role: "owner", added_at: org.now() }],
  }),
  routes: {
    "GET /organization/users": ({ org, query }) => {
      // The official SDK sends `emails[]=…` (brackets); plain `emails=` is accepted too.
      const emails = [...query.getAll("emails[]"), ...query.getAll("emails")].map((e) => e.toLowerCase());
      const all = own(org).users;
      return org.page(emails.length ? all.filter((u) => emails.includes(u.email.toLowerCase())) : all, query);
    },
    "GET /organization/users/{user_id}": ({ org, params }) => getUser(org, params.user_id),
    "POST /organization/users/{user_id}": ({ org, params, body }) => {
      const user = getUser(org, params.user_id);
      const b = fields(body, ["role", "role_id", "technical_level", "developer_persona"]);
      nullableString(b.role_id, "role_id");
      nullableString(b.technical_level, "technical_level");
      nullableString(b.developer_persona, "developer_persona");
      if (b.role != null) {
        const role = oneOf(b.role, ROLES, "role");
        if (user.role === "owner" && role !== "owner" && own(org).users.filter((u) => u.role === "owner").length === 1) {
          throw new ApiError(400, "Cannot change the role of the last owner of the organization.");
        }
        user.role = role;
      }
      return user;
    },
    "DELETE /organization/users/{user_id}": ({ org, params }) => {
      const user = getUser(org, params.user_id);
      if (user.role === "owner" && own(org).users.filter((u) => u.role === "owner").length === 1) {
        throw new ApiError(400, "Cannot remove the last owner of the organization.");
      }
      own(org).users = own(org).users.filter((u) => u !== user);
      for (const drop of leaving) drop(org, user.id);
      return { id: user.id, object: "organization.user.deleted", deleted: true };
    },
  },
  control: {
    /** Someone joins the organization (as accepting an invite would); answers the member. */
    "POST /__emulator/users": ({ org, body }) => {
      const b = fields(body, ["email", "name", "role"]);
      const email = required(b, "email");
      if (typeof email !== "string" || !EMAIL.test(email)) throw invalid("email", "expected an email address");
      const role = b.role == null ? "reader" : oneOf(b.role, ROLES, "role");
      return joinOrganization(org, email, role, nullableString(b.name, "name") ?? null);
    },
  },
};
