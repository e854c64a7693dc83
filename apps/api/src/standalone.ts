import 'reflect-metadata';
import { WorkerModule } from '../../worker/src/worker.module';
import { runApi } from './main';

/** `npm start`: API and worker in one process; embedded storage unless DATABASE_URL is set. */
runApi('all', () => [WorkerModule]).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
