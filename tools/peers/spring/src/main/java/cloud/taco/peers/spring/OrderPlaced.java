// OrderPlaced v1 as libs/contract/schemas/order-placed.v1.schema.json defines it: the card
// reduced to its last 4 digits and expiration, no CVV.
package cloud.taco.peers.spring;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

public record OrderPlaced(
    String eventId,
    String orderId,
    String placedAt,
    String deliveryName,
    String deliveryStreet,
    String deliveryCity,
    String deliveryState,
    String deliveryZip,
    List<PlacedTaco> tacos,
    Payment payment) {

  public static final String TYPE = "OrderPlaced";
  public static final int VERSION = 1;

  public record Ingredient(String id, String name, String type) {}

  public record PlacedTaco(String name, List<Ingredient> ingredients) {}

  public record Payment(String cardLast4, String cardExpiration) {}

  /** Text fields trimmed, as our contract's validation hands them on. */
  static OrderPlaced from(TacoOrder order, UUID orderId) {
    String digits = order.cardDigits();
    return new OrderPlaced(
        UUID.randomUUID().toString(),
        orderId.toString(),
        Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
        order.deliveryName().trim(),
        order.deliveryStreet().trim(),
        order.deliveryCity().trim(),
        order.deliveryState().trim(),
        order.deliveryZip().trim(),
        order.tacos().stream()
            .map(taco -> new PlacedTaco(taco.name().trim(), taco.ingredients().stream().map(Ingredients.BY_ID::get).toList()))
            .toList(),
        new Payment(digits.substring(digits.length() - 4), order.ccExpiration()));
  }
}
