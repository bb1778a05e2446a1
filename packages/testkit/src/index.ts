export * from './child-daemon';
export * from './mosquitto';
export * from './mqtt-recorder';
export * from './ports';
export * from './services';
export * from './pty-pair';
export * from './log-capture';
