/**
 * Our schemas must never reject a response the API document allows: every field we require has
 * to be required by the spec too (2.7.3, shipped in @neondatabase/api-client).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type * as z from 'zod/mini';
import * as S from '../../src/api/schemas';
import * as C from '../../src/api/schemas/consumption';

const SPEC = path.join(__dirname, '../../node_modules/@neondatabase/api-client/public-v2-for-users.gen.yaml');

type SpecSchema = { required?: string[]; properties?: Record<string, unknown>; allOf?: SpecSchema[]; $ref?: string };

describe('api client: schemas agree with the OpenAPI document', () => {
  const doc = YAML.parse(fs.readFileSync(SPEC, 'utf8')) as { components: { schemas: Record<string, SpecSchema> } };
  const schemas = doc.components.schemas;

  /** Required property names, following allOf/$ref. */
  function specRequired(name: string): Set<string> {
    const out = new Set<string>();
    const visit = (s: SpecSchema | undefined) => {
      if (!s) return;
      if (s.$ref) return visit(schemas[s.$ref.replace('#/components/schemas/', '')]);
      for (const r of s.required ?? []) out.add(r);
      for (const part of s.allOf ?? []) visit(part);
    };
    visit(schemas[name]);
    return out;
  }

  function ourRequired(schema: z.ZodMiniType): string[] {
    const shape = (schema as unknown as { shape: Record<string, z.ZodMiniType> }).shape;
    return Object.entries(shape)
      .filter(([, field]) => !field.safeParse(undefined).success)
      .map(([k]) => k);
  }

  const pairs: Array<[string, z.ZodMiniType, string[]]> = [
    ['AuthDetailsResponse', S.AuthDetailsSchema, []],
    ['CurrentUserInfoResponse', S.CurrentUserSchema, []],
    ['Organization', S.OrganizationSchema, []],
    ['Member', S.MemberSchema, []],
    ['MemberUserInfo', S.MemberUserInfoSchema, []],
    ['MemberWithUser', S.MemberWithUserSchema, []],
    ['Invitation', S.InvitationSchema, []],
    ['ApiKeysListResponseItem', S.ApiKeySchema, []],
    ['OrgApiKeysListResponseItem', S.OrgApiKeySchema, []],
    ['ApiKeyCreateResponse', S.CreatedApiKeySchema, []],
    ['ApiKeyRevokeResponse', S.RevokedApiKeySchema, []],
    ['ProjectListItem', S.ProjectSchema, []],
    ['Project', S.ProjectSchema, []],
    ['ProjectPermission', S.ProjectPermissionSchema, []],
    ['Branch', S.BranchSchema, []],
    ['Endpoint', S.EndpointSchema, []],
    ['Database', S.DatabaseSchema, []],
    ['Role', S.RoleSchema, []],
    ['ConnectionDetails', S.ConnectionDetailsSchema, []],
    ['Operation', S.OperationSchema, []],
    ['ConsumptionHistoryPerProjectV2', C.ConsumptionProjectSchema, []],
    ['ConsumptionHistoryPerBranchV2', C.ConsumptionBranchSchema, []],
    ['ConsumptionHistoryPerPeriodV2', C.ConsumptionPeriodV2Schema, []],
    ['ConsumptionHistoryPerProject', C.LegacyConsumptionProjectSchema, []],
    ['ConsumptionHistoryPerTimeframe', C.LegacyConsumptionTimeframeSchema, []],
    ['RegionResponse', S.RegionSchema, []],
  ];

  for (const [specName, ours, allowedExtra] of pairs) {
    it(`${specName}: every field we require is required by the spec`, () => {
      assert.ok(schemas[specName], `spec has ${specName}`);
      const required = specRequired(specName);
      const extra = ourRequired(ours).filter((k) => !required.has(k) && !allowedExtra.includes(k));
      assert.deepEqual(extra, [], `${specName}: we require ${extra.join(', ')} which the spec does not`);
    });
  }
});
