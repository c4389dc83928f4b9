import type { ApiResponse } from './test-app';

export const PROBLEM_TYPE = 'application/problem+json';

/** The answer is RFC 9457 problem details with this status and stable code. */
export function expectProblem(
  res: Pick<ApiResponse, 'status' | 'headers' | 'body'>,
  status: number,
  code: string,
): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers.get('content-type')).toContain(PROBLEM_TYPE);
  expect(res.body).toMatchObject({ status, code, type: expect.stringMatching(/^urn:problem:/) });
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
  expect(res.body.instance).toMatch(/^\//);
}

/** The distinct failing fields of a validation problem, sorted. */
export function errorFields(res: Pick<ApiResponse, 'body'>): string[] {
  return [...new Set((res.body.errors as Array<{ field: string }>).map((e) => e.field))].sort();
}
