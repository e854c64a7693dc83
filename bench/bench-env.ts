// Imported before anything else: graphql-js and Express read NODE_ENV once, when they load, and the
// bench measures the API as deployed (docker/Dockerfile sets NODE_ENV=production).
process.env.NODE_ENV ??= 'production';

export const BENCH_NODE_ENV = process.env.NODE_ENV;
