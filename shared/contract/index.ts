export * from './methods';
export * from './define';
export * from './events';
export * from './payments';
export * from './system';
export * from './accounts';
export * from './intents';
export * from './rest';
