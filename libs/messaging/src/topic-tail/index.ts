export { TopicTail, type TailRecord, type TopicTailOptions } from './topic-tail.js';
