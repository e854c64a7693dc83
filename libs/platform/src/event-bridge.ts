import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { listenForNotifications } from '@renkei/core/database/notification-listener';
import { AlertChange, DomainEvents, ExerciseChange, IncidentChange } from '@renkei/core/events/domain-events';

const CHANNEL = 'renkei_events';
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD = 7000;

type Message = { incident?: IncidentChange; alert?: AlertChange; exercise?: ExerciseChange };

/**
 * Carries what a worker process changes (alerts sent, steps fired) to the API processes' sockets, in
 * server mode, through PostgreSQL NOTIFY. Only a process without the realtime gateway publishes; each
 * API process re-emits what it hears as `remote`, which the gateway sends to its own sockets only (so
 * with the Redis adapter nobody hears it twice). Best effort, like the rest of the live feed.
 */
export function publishDomainEvents(dataSource: DataSource, events: DomainEvents): () => void {
  const logger = new Logger('EventBridge');
  let batch: Message[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const messages = batch;
    batch = [];
    const chunks: string[] = [];
    let current: Message[] = [];
    for (const message of messages) {
      current.push(message);
      if (JSON.stringify(current).length > MAX_PAYLOAD) {
        current.pop();
        if (current.length) chunks.push(JSON.stringify(current));
        current = [message];
      }
    }
    if (current.length) chunks.push(JSON.stringify(current));
    for (const chunk of chunks) {
      dataSource
        .query(`SELECT pg_notify('${CHANNEL}', $1)`, [chunk])
        .catch((error) => logger.warn(`event bridge: ${String(error)}`));
    }
  };
  const push = (message: Message) => {
    batch.push(message);
    if (message.exercise) {
      // An exercise's board is live: no batching delay (its events are few, one per inject or answer).
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, 0);
      return;
    }
    timer ??= setTimeout(flush, 25);
  };
  const stopIncident = events.on('incident', (change) => {
    if (!change.remote) push({ incident: change });
  });
  const stopAlert = events.on('alert', (change) => {
    if (!change.remote) push({ alert: change });
  });
  const stopExercise = events.on('exercise', (change) => {
    if (!change.remote) push({ exercise: change });
  });
  return () => {
    stopIncident();
    stopAlert();
    stopExercise();
    if (timer) clearTimeout(timer);
  };
}

/** The API side: LISTEN, and re-emit each event as remote. Reconnects by itself. */
export function subscribeDomainEvents(dataSource: DataSource, events: DomainEvents): () => Promise<void> {
  const logger = new Logger('EventBridge');
  return listenForNotifications(
    dataSource,
    CHANNEL,
    (payload) => {
      try {
        for (const message of JSON.parse(payload ?? '[]') as Message[]) {
          if (message.incident) events.emit('incident', { ...message.incident, remote: true });
          if (message.alert) events.emit('alert', { ...message.alert, remote: true });
          if (message.exercise) events.emit('exercise', { ...message.exercise, remote: true });
        }
      } catch (error) {
        logger.warn(`event bridge: bad payload ${String(error)}`);
      }
    },
    (error) => logger.warn(`event bridge: ${String(error)}`),
  );
}
