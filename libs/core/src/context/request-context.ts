import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from './actor';

/** What travels with one request (or job) through every layer: its id and who is acting. */
export interface RequestContext {
  requestId: string;
  actor?: Actor;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const RequestContextStore = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  requestId(): string | null {
    return storage.getStore()?.requestId ?? null;
  },
};
