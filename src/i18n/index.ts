export { createTranslator, type Params, type Translator } from './translator.js';
export { directionOf, englishMessages, resolveMessages, shippedLocales, type Message, type MessageKey, type Messages } from './messages.js';
