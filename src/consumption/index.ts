/** Consumption: pure data shaping (no `vscode`, no DOM). */
export * from './time';
export * from './metrics';
export * from './shape';
export * from './csv';
export * from './load';
