// The book's ingredient catalogue, the same as libs/contract/src/ingredient.ts.
package cloud.taco.peers.spring;

import java.util.Map;

final class Ingredients {
  static final String IDS = "^(FLTO|COTO|GRBF|CARN|TMTO|LETC|CHED|JACK|SLSA|SRCR)$";

  static final Map<String, OrderPlaced.Ingredient> BY_ID = Map.of(
      "FLTO", new OrderPlaced.Ingredient("FLTO", "Flour Tortilla", "WRAP"),
      "COTO", new OrderPlaced.Ingredient("COTO", "Corn Tortilla", "WRAP"),
      "GRBF", new OrderPlaced.Ingredient("GRBF", "Ground Beef", "PROTEIN"),
      "CARN", new OrderPlaced.Ingredient("CARN", "Carnitas", "PROTEIN"),
      "TMTO", new OrderPlaced.Ingredient("TMTO", "Diced Tomatoes", "VEGGIES"),
      "LETC", new OrderPlaced.Ingredient("LETC", "Lettuce", "VEGGIES"),
      "CHED", new OrderPlaced.Ingredient("CHED", "Cheddar", "CHEESE"),
      "JACK", new OrderPlaced.Ingredient("JACK", "Monterrey Jack", "CHEESE"),
      "SLSA", new OrderPlaced.Ingredient("SLSA", "Salsa", "SAUCE"),
      "SRCR", new OrderPlaced.Ingredient("SRCR", "Sour Cream", "SAUCE"));

  private Ingredients() {}
}
