// @tacocloud/contract: what another team needs to exchange Taco Cloud orders with us, and
// nothing from Kafka: zod schemas and the types inferred from them, message versions and
// upcasting, record header names, and the JSON Schema of every published message.

// The HTTP order (the book's TacoOrder) and its parts
export { Ingredient, IngredientId, IngredientType, INGREDIENTS, INGREDIENT_IDS, ingredientById } from './ingredient.js';
export { CARD_NUMBER_MASK, holdsCardNumber, maskCardNumbers } from './card-number.js';
export { passesLuhn } from './luhn.js';
export { Taco, TacoOrder, type TacoOrderInput } from './taco-order.js';
export { SAMPLE_ORDER } from './sample-order.js';

// The OrderPlaced event, every published version, and upcasting
export {
  DeliveryAddress,
  ORDER_PLACED_V1,
  ORDER_PLACED_V2,
  ORDER_PLACED_VERSIONS,
  OrderPlacedV1,
  OrderPlacedV2,
  PlacedTaco,
  upcastOrderPlacedV1,
  type OrderPlaced,
  type OrderPlacedVersion,
} from './order-placed.js';
export type { MessageType } from './message-type.js';

// Record headers, dead letters included
export { DLT_SUFFIX, DltHeaders, Headers, JSON_CONTENT_TYPE } from './headers.js';

// JSON Schema documents for teams that do not use TypeScript
export { PUBLISHED_MESSAGES, publishedJsonSchemas, renderJsonSchema, schemaFileName, type PublishedSchema } from './json-schema.js';
