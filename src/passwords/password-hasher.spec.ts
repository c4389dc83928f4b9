import { loadConfig } from '../config/environment';
import { PasswordHasher, PRODUCTION_ARGON2 } from './password-hasher';

describe('PasswordHasher', () => {
  it('uses argon2id with at least 19 MiB, 2 iterations and 1 lane by default', async () => {
    expect(PRODUCTION_ARGON2).toEqual({ memoryKib: 19456, timeCost: 2, parallelism: 1 });
    const hasher = new PasswordHasher(loadConfig({}));
    const hash = await hasher.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await hasher.verify(hash, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(hash, 'Correct horse battery staple')).toBe(false);
  });

  it('asks for a rehash of hashes made with weaker parameters', async () => {
    const weak = new PasswordHasher(loadConfig({ ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1' }));
    const strong = new PasswordHasher(loadConfig({}));
    const hash = await weak.hash('secret');
    expect(strong.needsRehash(hash)).toBe(true);
    expect(weak.needsRehash(hash)).toBe(false);
  });

  it('treats a malformed hash as a failed verification', async () => {
    const hasher = new PasswordHasher(loadConfig({}));
    expect(await hasher.verify('not-a-hash', 'secret')).toBe(false);
    expect(await hasher.verifyNothing('secret')).toBe(false);
  });
});
