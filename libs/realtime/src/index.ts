export * from './realtime.module';
export * from './realtime.gateway';
export * from './realtime.events';
export * from './room-authorities';
