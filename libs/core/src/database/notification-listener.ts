import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { poolOf } from './data-source';

/**
 * A dedicated connection LISTENing on `channel` (a pooled one cannot: LISTEN belongs to a session).
 * It reconnects by itself a second after losing the server; `stop` ends it for good.
 */
export function listenForNotifications(
  dataSource: DataSource,
  channel: string,
  onNotification: (payload: string | undefined) => void,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let client: Client | undefined;
  let stopped = false;
  const retry = () => {
    if (!stopped) setTimeout(() => void connect().catch(onError), 1000).unref();
  };
  const connect = async () => {
    // The database closed under us (shutdown): nothing left to listen to.
    if (stopped || !dataSource.isInitialized) return;
    const options = poolOf(dataSource).options as unknown as Record<string, unknown>;
    const next = new Client({ ...options, application_name: `renkei-listen-${channel}` } as never);
    next.on('notification', (notification) => onNotification(notification.payload));
    next.on('error', (error) => {
      onError(error);
      client = undefined;
      retry();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      if (stopped) await next.end();
      else client = next;
    } catch (error) {
      onError(error);
      await next.end().catch(() => undefined);
      retry();
    }
  };
  void connect().catch(onError);
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}
