import type { ProjectResidency } from "openai/resources/admin/organization/projects/projects";
import type { DataRetentionUpdateParams } from "openai/resources/admin/organization/projects/data-retention";
import type { InviteCreateParams } from "openai/resources/admin/organization/invites";
import type { ServiceAccountUpdateParams } from "openai/resources/admin/organization/projects/service-accounts/service-accounts";
import type { RateLimitUpdateRateLimitParams } from "openai/resources/admin/organization/projects/rate-limits";
import type { DataRetentionUpdateParams as OrganizationDataRetentionUpdateParams } from "openai/resources/admin/organization/data-retention";
import {
  INVITE_PROJECT_ROLES,
  INVITE_ROLES,
  ORGANIZATION_RETENTION_TYPES,
  ORGANIZATION_ROLES,
  PROJECT_RESIDENCIES,
  PROJECT_ROLES,
  RATE_LIMIT_FIELDS,
  RETENTION_TYPES,
  SERVICE_ACCOUNT_ROLES,
} from "../../provider/client";

/** `true` only when A and B are the same set of values; anything else fails to compile, which fails this suite. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Of<T extends readonly unknown[]> = T[number];

// Each line is checked by the compiler against the official `openai` package's own types.
const agreement: Record<string, true> = {
  PROJECT_RESIDENCIES: true satisfies Same<Of<typeof PROJECT_RESIDENCIES>, ProjectResidency>,
  RETENTION_TYPES: true satisfies Same<Of<typeof RETENTION_TYPES>, DataRetentionUpdateParams["retention_type"]>,
  INVITE_ROLES: true satisfies Same<Of<typeof INVITE_ROLES>, InviteCreateParams["role"]>,
  INVITE_PROJECT_ROLES: true satisfies Same<Of<typeof INVITE_PROJECT_ROLES>, NonNullable<InviteCreateParams["projects"]>[number]["role"]>,
  // The package types a project user's and an organization user's role as `string`, documenting
  // "`owner` or `member`" and "`owner` or `reader`": the same values its invite params type exactly.
  PROJECT_ROLES: true satisfies Same<Of<typeof PROJECT_ROLES>, NonNullable<InviteCreateParams["projects"]>[number]["role"]>,
  ORGANIZATION_ROLES: true satisfies Same<Of<typeof ORGANIZATION_ROLES>, InviteCreateParams["role"]>,
  SERVICE_ACCOUNT_ROLES: true satisfies Same<Of<typeof SERVICE_ACCOUNT_ROLES>, NonNullable<ServiceAccountUpdateParams["role"]>>,
  RATE_LIMIT_FIELDS: true satisfies Same<Of<typeof RATE_LIMIT_FIELDS>, Exclude<keyof RateLimitUpdateRateLimitParams, "project_id">>,
  ORGANIZATION_RETENTION_TYPES: true satisfies Same<Of<typeof ORGANIZATION_RETENTION_TYPES>, OrganizationDataRetentionUpdateParams["retention_type"]>,
};

const lists: Record<string, readonly string[]> = {
  PROJECT_RESIDENCIES,
  RETENTION_TYPES,
  INVITE_ROLES,
  INVITE_PROJECT_ROLES,
  PROJECT_ROLES,
  ORGANIZATION_ROLES,
  SERVICE_ACCOUNT_ROLES,
  RATE_LIMIT_FIELDS,
  ORGANIZATION_RETENTION_TYPES,
};

describe("lists of allowed values", () => {
  test("every list the provider writes is compared with the official openai package's types", () => {
    expect(Object.keys(agreement).sort()).toEqual(Object.keys(lists).sort());
  });

  test.each(Object.entries(lists))("%s names each value once", (_name, values) => {
    expect(values.length).toBeGreaterThan(0);
    expect(new Set(values).size).toBe(values.length);
  });
});
