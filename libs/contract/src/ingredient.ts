// Ingredients and the book's catalogue: the only ingredient ids an order may use.
import { z } from 'zod';

export const IngredientType = z.enum(['WRAP', 'PROTEIN', 'VEGGIES', 'CHEESE', 'SAUCE']);
export type IngredientType = z.infer<typeof IngredientType>;

export const Ingredient = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: IngredientType,
});
export type Ingredient = z.infer<typeof Ingredient>;

/** Taco Cloud's ingredients, as in *Spring in Action*. */
export const INGREDIENTS = [
  { id: 'FLTO', name: 'Flour Tortilla', type: 'WRAP' },
  { id: 'COTO', name: 'Corn Tortilla', type: 'WRAP' },
  { id: 'GRBF', name: 'Ground Beef', type: 'PROTEIN' },
  { id: 'CARN', name: 'Carnitas', type: 'PROTEIN' },
  { id: 'TMTO', name: 'Diced Tomatoes', type: 'VEGGIES' },
  { id: 'LETC', name: 'Lettuce', type: 'VEGGIES' },
  { id: 'CHED', name: 'Cheddar', type: 'CHEESE' },
  { id: 'JACK', name: 'Monterrey Jack', type: 'CHEESE' },
  { id: 'SLSA', name: 'Salsa', type: 'SAUCE' },
  { id: 'SRCR', name: 'Sour Cream', type: 'SAUCE' },
] as const satisfies readonly Ingredient[];

export type IngredientId = (typeof INGREDIENTS)[number]['id'];
export const INGREDIENT_IDS = INGREDIENTS.map((ingredient) => ingredient.id) as [IngredientId, ...IngredientId[]];
export const IngredientId = z.enum(INGREDIENT_IDS, { error: 'Unknown ingredient' });

const byId = new Map<string, Ingredient>(INGREDIENTS.map((ingredient) => [ingredient.id, ingredient]));

export function ingredientById(id: IngredientId): Ingredient {
  const ingredient = byId.get(id);
  if (!ingredient) throw new Error(`unknown ingredient ${id}`);
  return ingredient;
}
