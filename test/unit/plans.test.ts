import { strict as assert } from 'assert';
import { managedByName, planName, planWithId } from '../../src/util/plans';

describe('plan names', () => {
  it('names the plan ids of the API as people know them; an unknown id stays as sent', () => {
    assert.deepEqual(['free_v3', 'free_v2', 'launch', 'launch_v3', 'scale_v3', 'business', 'direct_sales', 'FREE_V3'].map(planName), ['Free', 'Free', 'Launch', 'Launch', 'Scale', 'Business', 'Enterprise', 'Free']);
    assert.equal(planName('platinum_v9'), 'platinum_v9');
    assert.equal(planName(undefined), undefined);
    assert.equal(planName(''), undefined);
  });
});

describe('the plan in a tooltip', () => {
  it('gives the id after the name only when it says more than the name (walk 42: "Business (business)")', () => {
    assert.equal(planWithId('business'), 'Business');
    assert.equal(planWithId('Business'), 'Business');
    assert.equal(planWithId('scale_v3'), 'Scale (scale_v3)');
    assert.equal(planWithId('direct_sales'), 'Enterprise (direct_sales)');
    assert.equal(planWithId('platinum_v9'), 'platinum_v9');
    assert.equal(planWithId(null), undefined);
  });
});

describe('who manages an organization', () => {
  it('names managed_by as people read it; an unknown value stays as sent', () => {
    assert.deepEqual(['console', 'vercel', 'Vercel', 'azure'].map(managedByName), ['Neon Console', 'Vercel', 'Vercel', 'azure']);
    assert.equal(managedByName(null), undefined);
    assert.equal(managedByName(''), undefined);
  });
});
