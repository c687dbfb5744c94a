export * from './api.js';
export * from './viewer.js';
