export * from './api.js';
export * from './bot/create-bot.js';
