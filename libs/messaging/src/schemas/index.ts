export { Ingredient, IngredientId, IngredientType, INGREDIENTS, INGREDIENT_IDS, ingredientById } from './ingredient.js';
export { passesLuhn } from './luhn.js';
export { Taco, TacoOrder, type TacoOrderInput } from './taco-order.js';
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
export { PUBLISHED_MESSAGES, publishedJsonSchemas, renderJsonSchema, schemaFileName, type PublishedSchema } from './json-schema.js';
