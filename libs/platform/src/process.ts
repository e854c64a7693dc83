import { AppConfig, ConfigError, loadConfig } from '@renkei/core/config/app-config';

/** Loads the configuration or stops the process with the message naming the bad setting (EX_CONFIG). */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}

/** On SIGINT/SIGTERM: close in order (the app, then its infrastructure), then exit. */
export function closeOnSignals(...steps: (() => Promise<unknown>)[]): void {
  const shutdown = async () => {
    for (const step of steps) await step().catch((error) => console.error(error));
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
