import { diff } from './diff';

describe('audit diff', () => {
  it('lists changed fields only, nested ones by path, with before and after', () => {
    const before = { company: 'Acme', billingAddress: { city: 'Bern', zip: '3000' }, groupIds: ['a'], vat: null };
    const after = {
      company: 'Acme AG',
      billingAddress: { city: 'Bern', zip: '3001' },
      groupIds: ['a', 'b'],
      vat: null,
    };
    expect(diff(before, after)).toEqual([
      { field: 'billingAddress.zip', before: '3000', after: '3001' },
      { field: 'company', before: 'Acme', after: 'Acme AG' },
      { field: 'groupIds', before: ['a'], after: ['a', 'b'] },
    ]);
  });

  it('records a create as changes from nothing and a delete as changes to nothing', () => {
    expect(diff(null, { text: 'hi', author: null })).toEqual([{ field: 'text', before: null, after: 'hi' }]);
    expect(diff({ text: 'hi' }, null)).toEqual([{ field: 'text', before: 'hi', after: null }]);
  });

  it('leaves out ignored fields, nested ones included', () => {
    const changes = diff(
      { passwordHash: 'x', version: 1, a: { secret: 1 } },
      { passwordHash: 'y', version: 2, a: { secret: 2 } },
      ['passwordHash', 'version', 'a'],
    );
    expect(changes).toEqual([]);
  });
});
