import { TestApp, startTestApp } from '../helpers/test-app';

describe('OpenAPI document and Swagger UI', () => {
  let t: TestApp;
  let doc: any;

  beforeAll(async () => {
    t = await startTestApp({ APP_URL: 'https://crm.example.test' });
    doc = (await t.get('/docs-json')).body;
  });
  afterAll(() => t.close());

  it('serves Swagger UI at /docs', async () => {
    const res = await t.get('/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui');
  });

  it('documents the server, the JWT scheme per RFC 8725 and the problem schemas', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.servers).toEqual([expect.objectContaining({ url: 'https://crm.example.test', 'x-internal': false })]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(doc.components.securitySchemes.bearer.description).toContain('RFC8725');
    expect(doc.components.schemas.ProblemDetailsDto.properties.code).toBeDefined();
    expect(doc.components.schemas.ValidationProblemDto).toBeDefined();
  });

  it('marks public operations with the empty security requirement and documents shared responses', () => {
    const health = doc.paths['/api/v1/health'].get;
    expect(health.security).toEqual([{}]);
    for (const status of ['200', '400', '429', '500']) {
      expect(health.responses[status].headers['RateLimit-Limit']).toBeDefined();
    }
    expect(health.responses['429'].headers['Retry-After']).toBeDefined();
    expect(health.responses['500'].content['application/problem+json']).toBeDefined();
    expect(health.responses['401']).toBeUndefined();
  });

  const operations = () =>
    Object.entries<any>(doc.paths).flatMap(([path, item]) =>
      Object.entries<any>(item)
        .filter(([, op]) => op && typeof op === 'object' && 'responses' in op)
        .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, op })),
    );

  it('gives every error answer an example of its own status, title and code', () => {
    const wrong: string[] = [];
    for (const { name, path, op } of operations()) {
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (Number(status) < 400) continue;
        const example = response.content?.['application/problem+json']?.example;
        const named = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)/.exec(response.description)?.[1];
        const fine =
          example?.status === Number(status) &&
          typeof example.title === 'string' &&
          /^[A-Z][A-Z0-9_]+$/.test(example.code) &&
          (!named || example.code === named) &&
          example.type === `urn:problem:${example.code.toLowerCase().replace(/_/g, '-')}` &&
          example.instance.startsWith(path.split('{')[0]) &&
          (status !== '400' || Array.isArray(example.errors));
        if (!fine) wrong.push(`${name} ${status}: ${JSON.stringify(example)}`);
      }
    }
    expect(wrong).toEqual([]);
    const conflict = doc.paths['/api/v1/customer-groups'].post.responses['409'].content['application/problem+json'];
    expect(conflict.example).toMatchObject({ status: 409, code: 'GROUP_NAME_TAKEN', title: 'Conflict' });
  });

  it('documents 503 with Retry-After on every operation, and an Idempotency-Key without an example to send', () => {
    for (const { name, op } of operations()) {
      expect(`${name}: ${Boolean(op.responses['503']?.headers?.['Retry-After'])}`).toBe(`${name}: true`);
    }
    expect(doc.components.parameters.IdempotencyKey.schema.example).toBeUndefined();
    expect(doc.components.parameters.IdempotencyKey.example).toBeUndefined();
  });

  it('types every property that carries text keywords as a string', () => {
    const untyped: string[] = [];
    const visit = (node: any, at: string) => {
      if (!node || typeof node !== 'object') return;
      const textual = ['maxLength', 'minLength', 'pattern'].some((k) => k in node) && !('$ref' in node);
      if (textual && node.type !== 'string') untyped.push(at);
      for (const [key, value] of Object.entries(node)) visit(value, `${at}.${key}`);
    };
    visit(doc, '$');
    expect(untyped).toEqual([]);
  });
});
