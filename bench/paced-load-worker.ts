import { parentPort } from 'node:worker_threads';
import { PacedJob, runPaced } from './paced-load';

/** The paced (open-loop) clients' thread: see paced-load.ts. */
parentPort?.on('message', (message: { id: number; job: PacedJob }) => {
  runPaced(message.job).then(
    (result) => parentPort?.postMessage({ id: message.id, result }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: String(error) }),
  );
});
