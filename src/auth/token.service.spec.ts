import { JwtService } from '@nestjs/jwt';
import { sign } from 'jsonwebtoken';
import type { AppConfig } from '../config/environment';
import type { SessionsService } from '../sessions/sessions.service';
import type { SystemSettingsService } from '../system/system-settings.service';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  JWT_ALGORITHM,
  JWT_ISSUER,
  PORTAL_AUDIENCE,
  STAFF_AUDIENCE,
  TokenService,
} from './token.service';

const SECRET = 'a-test-signing-secret-of-enough-length-for-hs256';
const START = new Date('2026-03-01T10:00:00Z');

/** A staff access token signed as the service signs them, with `claims` over the defaults. */
function token(claims: Record<string, unknown> = {}, secret = SECRET): string {
  const iat = Math.floor(Date.now() / 1000);
  const issuedAtMs = iat * 1000;
  return sign(
    { sub: 'staff-1', typ: 'access', iat, issuedAtMs, exp: iat + ACCESS_TOKEN_TTL_SECONDS, ...claims },
    secret,
    {
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience: STAFF_AUDIENCE,
    },
  );
}

describe('TokenService.accessOf (verified tokens remembered)', () => {
  let tokens: TokenService;

  beforeEach(async () => {
    jest.useFakeTimers({ now: START });
    tokens = new TokenService(
      { jwtSecret: SECRET } as AppConfig,
      new JwtService(),
      {} as SessionsService,
      {} as SystemSettingsService,
    );
    await tokens.onModuleInit();
  });
  afterEach(() => jest.useRealTimers());

  it('answers a remembered token until its fifteen minutes are over, then never again', () => {
    const access = token();
    expect(tokens.accessOf(access, STAFF_AUDIENCE)?.subject).toBe('staff-1');
    jest.setSystemTime(START.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000 - 1000);
    expect(tokens.accessOf(access, STAFF_AUDIENCE)?.subject).toBe('staff-1');
    jest.setSystemTime(START.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000 + 1000);
    expect(tokens.accessOf(access, STAFF_AUDIENCE)?.subject).toBeUndefined();
    expect(tokens.accessOf(access, STAFF_AUDIENCE)?.subject).toBeUndefined();
  });

  it('ends a remembered token at its own expiry when that comes before the maximum age', () => {
    const short = token({ exp: Math.floor(START.getTime() / 1000) + 60 });
    expect(tokens.accessOf(short, STAFF_AUDIENCE)?.subject).toBe('staff-1');
    jest.setSystemTime(START.getTime() + 61_000);
    expect(tokens.accessOf(short, STAFF_AUDIENCE)?.subject).toBeUndefined();
  });

  it('ends a remembered token at the maximum age even when its expiry claims longer', () => {
    const long = token({ exp: Math.floor(START.getTime() / 1000) + 24 * 3600 });
    expect(tokens.accessOf(long, STAFF_AUDIENCE)?.subject).toBe('staff-1');
    jest.setSystemTime(START.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000 + 1000);
    expect(tokens.accessOf(long, STAFF_AUDIENCE)?.subject).toBeUndefined();
  });

  it('refuses a token signed with another secret, of another audience or not an access token', () => {
    expect(
      tokens.accessOf(token({}, 'another-secret-of-enough-length-for-hs256-x'), STAFF_AUDIENCE)?.subject,
    ).toBeUndefined();
    expect(tokens.accessOf(token({ typ: 'refresh' }), STAFF_AUDIENCE)?.subject).toBeUndefined();
    const portal = sign({ sub: 'contact-1', typ: 'access' }, SECRET, {
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience: 'crm-portal',
      expiresIn: 60,
    });
    expect(tokens.accessOf(portal, STAFF_AUDIENCE)?.subject).toBeUndefined();
  });

  it('answers a remembered token for its own audience only', () => {
    const access = token();
    expect(tokens.accessOf(access, STAFF_AUDIENCE)?.subject).toBe('staff-1');
    expect(tokens.accessOf(access, PORTAL_AUDIENCE)).toBeUndefined();
    expect(tokens.accessOf(access, STAFF_AUDIENCE)?.subject).toBe('staff-1');
  });

  it('signs its issue time to the millisecond, and marks a login as client', async () => {
    jest.useRealTimers();
    const before = Date.now();
    const pair = await tokens.pair('staff-1', STAFF_AUDIENCE, 'refresh');
    const verified = tokens.accessOf(pair.accessToken, STAFF_AUDIENCE);
    expect(verified).toMatchObject({ subject: 'staff-1', impersonatedBy: null });
    expect(verified!.issuedAt).toBeGreaterThanOrEqual(before);
    expect(verified!.issuedAt).toBeLessThanOrEqual(Date.now());
    const impersonation = await tokens.impersonation('contact-1', 'admin-1');
    expect(tokens.accessOf(impersonation, PORTAL_AUDIENCE)).toMatchObject({
      subject: 'contact-1',
      impersonatedBy: 'admin-1',
    });
    expect(tokens.accessOf(impersonation, STAFF_AUDIENCE)).toBeUndefined();
  });

  it('does not believe a millisecond issue time outside the second of `iat`', () => {
    const iat = Math.floor(Date.now() / 1000);
    const forged = token({ iat, issuedAtMs: iat * 1000 + 60_000 });
    expect(tokens.accessOf(forged, STAFF_AUDIENCE)?.issuedAt).toBe(iat * 1000);
  });
});
