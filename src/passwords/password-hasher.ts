import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { AppConfig } from '../config/environment';

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. Tests may lower it by configuration. */
export const PRODUCTION_ARGON2 = { memoryKib: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  private readonly options: argon2.HashOptions & { raw?: false };
  private dummyHash?: Promise<string>;

  constructor(config: AppConfig) {
    this.options = {
      type: argon2.argon2id,
      memoryCost: config.argon2.memoryKib,
      timeCost: config.argon2.timeCost,
      parallelism: PRODUCTION_ARGON2.parallelism,
    };
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the time of a real verification, so an unknown account answers as slowly as a known one. */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('no account has this password');
    await this.verify(await this.dummyHash, password);
    return false;
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, this.options);
  }
}
