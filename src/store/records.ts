// The records the domain reads and writes through the Store, one file per area under records/ (beside the
// area's Tx interface in sql/<area>.ts). This barrel keeps one import path for callers.
export * from './records/scope.js';
export * from './records/identity.js';
export * from './records/catalog.js';
export * from './records/tags.js';
export * from './records/idempotency.js';
export * from './records/panorama.js';
export * from './records/iot.js';
export * from './records/images.js';
export * from './records/access.js';
export * from './records/package-groups.js';
