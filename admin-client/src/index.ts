export * from './api';
export * from './viewer';
