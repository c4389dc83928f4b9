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
});
