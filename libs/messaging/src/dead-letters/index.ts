export {
  decodeLetter,
  isSince,
  listDeadLetters,
  readDeadLetters,
  toDeadLetter,
  type DeadLetterFilter,
  type DeadLetterListing,
  type DeadLetterRecord,
} from './dead-letters.js';
export {
  REPLAYED_FROM,
  replayDeadLetters,
  replayedLetters,
  replayGroupOf,
  whyNotReplayable,
  type LetterId,
  type ReplayOptions,
  type ReplayReport,
} from './replay.js';
export { MAX_ERROR_CHARS, MAX_TEXT_CHARS, shownLetter, shownText, type ShownLetter } from './shown-letter.js';
