export * from './common';
export * from './identity';
export * from './organizations';
export * from './apiKeys';
export * from './projects';
export * from './branches';
export * from './resources';
export * from './regions';
