import { parentPort } from 'node:worker_threads';
import { LoadJob, runJob } from './load';

/**
 * The benchmark's HTTP clients on their own thread (own event loop), as remote clients would be:
 * their request building and JSON parsing do not queue behind the API's work on the main thread.
 */
parentPort?.on('message', (message: { id: number; job: LoadJob }) => {
  runJob(message.job).then(
    (result) => parentPort?.postMessage({ id: message.id, result }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: String(error) }),
  );
});
