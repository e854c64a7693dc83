export * from './network-policy';
export * from './retry-policy';
export * from './safe-http';
export * from './webhook-signer';
