import { DomainError } from './errors/domain-error';
import { MAX_BODY_DEPTH, assertBodyShape, nestingDepth } from './body-shape';

const nested = (levels: number) => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = i % 2 ? { inner: value } : [value];
  return value;
};

const codeOf = (body: unknown) => {
  try {
    assertBodyShape(body);
    return 'ok';
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('request body shape', () => {
  it('counts nesting without recursion, also 100,000 levels deep', () => {
    expect(nestingDepth({})).toBe(1);
    expect(nestingDepth({ a: [1, { b: null }] })).toBe(3);
    expect(nestingDepth(nested(100_000))).toBe(100_000);
  });

  it('takes objects up to the limit and refuses deeper ones', () => {
    expect(codeOf({ wrap: nested(MAX_BODY_DEPTH - 1) })).toBe('ok');
    expect(codeOf({ wrap: nested(MAX_BODY_DEPTH) })).toBe('BODY_TOO_DEEP');
    expect(codeOf({ unknown: nested(10_000) })).toBe('BODY_TOO_DEEP');
  });

  it('refuses null, arrays and bare values, and lets an absent body through', () => {
    for (const body of [null, [], [{}], 'text', 12, true]) expect(codeOf(body)).toBe('BODY_NOT_OBJECT');
    expect(codeOf(undefined)).toBe('ok');
  });
});
