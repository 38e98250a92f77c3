// How records look on the wire, shared by the producer and the listener.
export { decodeHeaders } from './headers.js';
export { decodeJson, encodeJson } from './json.js';
