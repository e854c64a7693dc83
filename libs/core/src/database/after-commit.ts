import {
  EntityManager,
  EntitySubscriberInterface,
  EventSubscriber,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

type Callback = () => void;
const KEY = 'renkei:afterCommit';

function callbacksOf(queryRunner: QueryRunner | undefined): Callback[] | undefined {
  return (queryRunner?.data as Record<string, Callback[] | undefined> | undefined)?.[KEY];
}

/**
 * Runs `callback` once the transaction `manager` belongs to has committed (never if it rolls back):
 * how a change wakes the outbox relay or tells the realtime gateway without racing its own commit.
 * Outside a transaction it runs at once.
 */
export function afterCommit(manager: EntityManager, callback: Callback): void {
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) {
    callback();
    return;
  }
  const data = queryRunner.data as Record<string, Callback[] | undefined>;
  (data[KEY] ??= []).push(callback);
}

@EventSubscriber()
export class AfterCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const callbacks = callbacksOf(event.queryRunner);
    if (!callbacks) return;
    (event.queryRunner.data as Record<string, unknown>)[KEY] = undefined;
    for (const callback of callbacks) {
      try {
        callback();
      } catch {
        // best effort: a failing listener must not surface as a failed commit
      }
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (callbacksOf(event.queryRunner)) (event.queryRunner.data as Record<string, unknown>)[KEY] = undefined;
  }
}
