import { JwtService } from '@nestjs/jwt';
import { sign } from 'jsonwebtoken';
import type { AppConfig } from '../config/environment';
import type { SessionsService } from '../sessions/sessions.service';
import type { SystemSettingsService } from '../system/system-settings.service';
import { ACCESS_TOKEN_TTL_SECONDS, JWT_ALGORITHM, JWT_ISSUER, STAFF_AUDIENCE, TokenService } from './token.service';

const SECRET = 'a-test-signing-secret-of-enough-length-for-hs256';
const START = new Date('2026-03-01T10:00:00Z');

/** A staff access token signed as the service signs them, with `claims` over the defaults. */
function token(claims: Record<string, unknown> = {}, secret = SECRET): string {
  const iat = Math.floor(Date.now() / 1000);
  return sign({ sub: 'staff-1', typ: 'access', iat, exp: iat + ACCESS_TOKEN_TTL_SECONDS, ...claims }, secret, {
    algorithm: JWT_ALGORITHM,
    issuer: JWT_ISSUER,
    audience: STAFF_AUDIENCE,
  });
}

describe('TokenService.staffOf (verified tokens remembered)', () => {
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
    expect(tokens.staffOf(access)).toBe('staff-1');
    jest.setSystemTime(START.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000 - 1000);
    expect(tokens.staffOf(access)).toBe('staff-1');
    jest.setSystemTime(START.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000 + 1000);
    expect(tokens.staffOf(access)).toBeUndefined();
    expect(tokens.staffOf(access)).toBeUndefined();
  });

  it('ends a remembered token at its own expiry when that comes before the maximum age', () => {
    const short = token({ exp: Math.floor(START.getTime() / 1000) + 60 });
    expect(tokens.staffOf(short)).toBe('staff-1');
    jest.setSystemTime(START.getTime() + 61_000);
    expect(tokens.staffOf(short)).toBeUndefined();
  });

  it('ends a remembered token at the maximum age even when its expiry claims longer', () => {
    const long = token({ exp: Math.floor(START.getTime() / 1000) + 24 * 3600 });
    expect(tokens.staffOf(long)).toBe('staff-1');
    jest.setSystemTime(START.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000 + 1000);
    expect(tokens.staffOf(long)).toBeUndefined();
  });

  it('refuses a token signed with another secret, of another audience or not an access token', () => {
    expect(tokens.staffOf(token({}, 'another-secret-of-enough-length-for-hs256-x'))).toBeUndefined();
    expect(tokens.staffOf(token({ typ: 'refresh' }))).toBeUndefined();
    const portal = sign({ sub: 'contact-1', typ: 'access' }, SECRET, {
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience: 'crm-portal',
      expiresIn: 60,
    });
    expect(tokens.staffOf(portal)).toBeUndefined();
  });
});
