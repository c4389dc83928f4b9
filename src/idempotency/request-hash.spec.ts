import { canonicalJson, requestHash } from './request-hash';

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: null, e: 'x' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[2,{"e":"x","f":null}]},"b":1}',
    );
  });

  it('serialises an absent body as null', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('requestHash', () => {
  const hash = requestHash('POST', '/api/v1/roles', { name: 'Sales', permissions: [] });

  it('is 64 hex digits, the same for the same body in another key order', () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(requestHash('POST', '/api/v1/roles', { permissions: [], name: 'Sales' })).toBe(hash);
  });

  it('differs with the body, the path or the query', () => {
    expect(requestHash('POST', '/api/v1/roles', { name: 'Sales ', permissions: [] })).not.toBe(hash);
    expect(requestHash('POST', '/api/v1/customer-groups', { name: 'Sales', permissions: [] })).not.toBe(hash);
    expect(requestHash('POST', '/api/v1/roles?x=1', { name: 'Sales', permissions: [] })).not.toBe(hash);
  });
});
