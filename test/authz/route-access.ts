import type { Capability } from '../../src/permissions/capabilities';

/** Who may call a route. Every route the application registers must be declared here. */
export type Access =
  { kind: 'public' } | { kind: 'signed-in' } | { kind: 'capability'; anyOf: Capability[] } | { kind: 'admin' };

const PUBLIC: Access = { kind: 'public' };
const SIGNED_IN: Access = { kind: 'signed-in' };
const needs = (...anyOf: Capability[]): Access => ({ kind: 'capability', anyOf });

export const ROUTE_ACCESS: Record<string, Access> = {
  'GET /api/v1/health': PUBLIC,

  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/refresh': PUBLIC,
  'POST /api/v1/auth/logout': SIGNED_IN,
  'GET /api/v1/auth/me': SIGNED_IN,

  'GET /api/v1/permissions': SIGNED_IN,

  'GET /api/v1/staff': needs('staff.view'),
  'POST /api/v1/staff': needs('staff.create'),
  'GET /api/v1/staff/:id': needs('staff.view'),
  'PATCH /api/v1/staff/:id': needs('staff.edit'),
  'DELETE /api/v1/staff/:id': needs('staff.delete'),

  'GET /api/v1/roles': needs('staff.view'),
  'POST /api/v1/roles': needs('staff.create'),
  'GET /api/v1/roles/:id': needs('staff.view'),
  'PATCH /api/v1/roles/:id': needs('staff.edit'),
  'DELETE /api/v1/roles/:id': needs('staff.delete'),
};
