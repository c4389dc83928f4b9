import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import { uuidv7 } from '@app/common';
import type { Capability } from '../../src/permissions/capabilities';
import { Staff } from '../../src/staff/staff.entity';
import type { TestApp } from '../helpers/test-app';

export const FACTORY_PASSWORD = 'factory-password-1';
let factoryHash: Promise<string> | undefined;

/** One cheap argon2id hash of FACTORY_PASSWORD, shared by every staff member a factory makes. */
function passwordHash(): Promise<string> {
  factoryHash ??= argon2.hash(FACTORY_PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 1024,
    timeCost: 1,
    parallelism: 1,
  });
  return factoryHash;
}

export interface StaffOptions {
  email?: string;
  firstName?: string;
  lastName?: string;
  permissions?: Capability[];
  isAdmin?: boolean;
  active?: boolean;
  language?: string | null;
}

export interface GivenStaff {
  staff: Staff;
  email: string;
  password: string;
  /** A fresh access token from the real login endpoint. */
  token(): Promise<string>;
}

/** Test data in the database, each call saying only what matters to the test. */
export class Given {
  constructor(private readonly t: TestApp) {}

  async staff(options: StaffOptions = {}): Promise<GivenStaff> {
    const suffix = randomBytes(4).toString('hex');
    const email = options.email ?? `staff-${suffix}@example.test`;
    const now = new Date();
    const staff = Object.assign(new Staff(), {
      id: uuidv7(),
      email,
      emailKey: email.toLowerCase(),
      firstName: options.firstName ?? 'Sam',
      lastName: options.lastName ?? `Staff ${suffix}`,
      passwordHash: await passwordHash(),
      isAdmin: options.isAdmin ?? false,
      active: options.active ?? true,
      language: options.language ?? null,
      permissions: options.permissions ?? [],
      roleId: null,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.t.dataSource.getRepository(Staff).insert(staff);
    return { staff, email, password: FACTORY_PASSWORD, token: () => this.login(email, FACTORY_PASSWORD) };
  }

  admin(options: StaffOptions = {}): Promise<GivenStaff> {
    return this.staff({ ...options, isAdmin: true });
  }

  async login(email: string, password: string): Promise<string> {
    const res = await this.t.post('auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${res.text}`);
    return res.body.accessToken;
  }
}

export const given = (t: TestApp) => new Given(t);
