// Who am I: /auth, /users/me, /users/me/organizations, personal API keys.
import { ApiError, forbidden, notFound } from '../errors';
import { obj, type Router } from '../router';
import { checkKeyName, refuseOrgKey } from '../rules';
import { keyCreated, keyListItem, keyRevoked, orgJson, subscriptionFor } from '../views';

export function identityRoutes(r: Router): void {
  r.add('GET', '/auth', ({ pr }) => ({
    status: 200,
    body: { account_id: pr.kind === 'personal' ? pr.user.id : pr.org.id, auth_method: pr.kind === 'personal' ? 'api_key_user' : 'api_key_org' },
  }));

  r.add('GET', '/users/me', ({ s, pr }) => {
    if (pr.kind !== 'personal') throw forbidden('not allowed for organization API keys');
    const u = pr.user;
    const plan = subscriptionFor(s.userOrgs(u.id)[0]?.plan);
    const [first, ...rest] = u.name.split(' ');
    return {
      status: 200,
      body: {
        active_seconds_limit: 0, auth_accounts: [{ email: u.email, image: '', login: u.email.split('@')[0], name: u.name, provider: 'google' }],
        email: u.email, id: u.id, image: '', login: u.email.split('@')[0], name: first ?? '', last_name: rest.join(' '),
        projects_limit: 100, branches_limit: 5000, max_autoscaling_limit: 8, plan,
        billing_account: {
          state: 'active', payment_source: { type: '' }, subscription_type: plan, payment_method: 'none',
          quota_reset_at_last: '2024-03-01T00:00:00Z', name: u.name, email: u.email, address_city: '', address_country: '',
          address_line1: '', address_line2: '', address_postal_code: '', address_state: '',
        },
      },
    };
  });

  r.add('GET', '/users/me/organizations', ({ s, pr, cfg }) => {
    if (pr.kind === 'org') {
      // Spec 2.7.3: the org that owns the key. Older servers answered 403 (knob orgKeyOrganizations).
      if (cfg.orgKeyOrganizations === 'forbidden') throw forbidden('not allowed for organization API keys');
      return { status: 200, body: { organizations: [orgJson(pr.org)] } };
    }
    return { status: 200, body: { organizations: s.userOrgs(pr.user.id).map(orgJson) } };
  });

  r.add('GET', '/api_keys', ({ s, pr }) => {
    refuseOrgKey(pr, 'listing personal API keys');
        return { status: 200, body: [...s.keys.values()].filter((k) => k.kind === 'personal' && k.userId === pr.user.id && !k.revoked).map((k) => keyListItem(s, k)) };
  });

  r.add('POST', '/api_keys', ({ s, pr, body }) => {
    refuseOrgKey(pr, 'creating personal API keys');
    const name = checkKeyName(obj(body).key_name);
    const k = s.addKey({ kind: 'personal', userId: pr.user.id, name, createdAt: s.now().replace(/\.\d{3}Z$/, 'Z') });
    return { status: 200, body: keyCreated(k) };
  });

  r.add('DELETE', '/api_keys/{key_id}', ({ s, pr, params }) => {
    refuseOrgKey(pr, 'revoking personal API keys');
    if (!/^\d{1,18}$/.test(params.key_id)) throw new ApiError(400, 'invalid key_id: must be an integer');
    const k = s.keys.get(Number(params.key_id));
    if (!k || k.kind !== 'personal' || k.userId !== pr.user.id) throw notFound(`API key ${params.key_id} not found`);
    k.revoked = true;
    return { status: 200, body: keyRevoked(k) };
  });
}
