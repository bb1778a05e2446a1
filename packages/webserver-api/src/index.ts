export * from './errors';
export * from './names';
export * from './services';
export * from './jobs';
export * from './docker';
export * from './system';
