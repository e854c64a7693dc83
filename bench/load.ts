import { performance } from 'node:perf_hooks';

/** GraphQL over HTTP and closed-loop load: what the benchmark's clients do (main thread or worker). */

export interface GraphqlResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export class GraphqlClient {
  constructor(private readonly url: string) {}

  async request<T>(
    query: string,
    variables: Record<string, unknown>,
    token?: string,
  ): Promise<GraphqlResponse<T>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphqlResponse<T>;
  }

  async ok<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
    const result = await this.request<T>(query, variables, token);
    if (result.errors?.length || !result.data)
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data;
  }

  /** Runs and times one request; errors are counted, not thrown. */
  async timed(
    query: string,
    variables: Record<string, unknown>,
    token: string,
  ): Promise<{ ms: number; error: string | null }> {
    const started = performance.now();
    try {
      const result = await this.request(query, variables, token);
      return {
        ms: performance.now() - started,
        error: result.errors?.length ? result.errors[0].message : null,
      };
    } catch (error) {
      return { ms: performance.now() - started, error: String(error) };
    }
  }
}

export interface RunResult {
  latencies: number[];
  wallMs: number;
  errors: number;
  firstError: string | null;
}

/** `concurrency` clients, each sending its next request when the previous one is answered. */
export async function runLoad(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<{ ms: number; error: string | null }>,
): Promise<RunResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const index = next;
        next += 1;
        if (index >= total) return;
        const { ms, error } = await task(index);
        latencies.push(ms);
        if (error) {
          errors += 1;
          firstError ??= error;
        }
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started, errors, firstError };
}

/** One load run: `total` requests of `query`, request i with `variables[i % variables.length]`. */
export interface LoadJob {
  url: string;
  query: string;
  variables: Record<string, unknown>[];
  token: string;
  total: number;
  concurrency: number;
}

export function runJob(job: LoadJob): Promise<RunResult> {
  const client = new GraphqlClient(job.url);
  return runLoad(job.total, job.concurrency, (i) =>
    client.timed(job.query, job.variables[i % job.variables.length], job.token),
  );
}
