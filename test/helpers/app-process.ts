import { loadConfig } from '../../src/config/environment';
import { createApp } from '../../src/create-app';

/**
 * The application as a process of its own (forked by tests that kill an instance): it boots
 * on the configuration in its environment and tells its parent when it serves.
 */
async function main(): Promise<void> {
  const app = await createApp(loadConfig(process.env));
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send?.('ready');
}

main().catch((error: unknown) => {
  process.send?.(`failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
