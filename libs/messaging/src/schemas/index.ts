export { Ingredient, IngredientId, IngredientType, INGREDIENTS, INGREDIENT_IDS, ingredientById } from './ingredient.js';
export { passesLuhn } from './luhn.js';
export { Taco, TacoOrder, type TacoOrderInput } from './taco-order.js';
export { ORDER_PLACED, OrderPlacedV1, PlacedTaco } from './order-placed.js';
export { publishedJsonSchemas, renderJsonSchema, type PublishedSchema } from './json-schema.js';
