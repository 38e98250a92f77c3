// The order as POST /orders takes it: the book's TacoOrder with bean validation, as close to
// libs/contract/src/taco-order.ts as the standard constraints allow (see docs/peers.md).
package cloud.taco.peers.spring;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.hibernate.validator.constraints.CreditCardNumber;

public record TacoOrder(
    @NotBlank(message = "Name is required") @Size(max = 200, message = "Must be at most 200 characters") @Pattern(regexp = NO_CONTROL, message = "Must not contain control characters") String deliveryName,
    @NotBlank(message = "Street is required") @Size(max = 200, message = "Must be at most 200 characters") @Pattern(regexp = NO_CONTROL, message = "Must not contain control characters") String deliveryStreet,
    @NotBlank(message = "City is required") @Size(max = 200, message = "Must be at most 200 characters") @Pattern(regexp = NO_CONTROL, message = "Must not contain control characters") String deliveryCity,
    @NotBlank(message = "State is required") @Size(max = 200, message = "Must be at most 200 characters") @Pattern(regexp = NO_CONTROL, message = "Must not contain control characters") String deliveryState,
    @NotBlank(message = "Zip code is required") @Size(max = 200, message = "Must be at most 200 characters") @Pattern(regexp = NO_CONTROL, message = "Must not contain control characters") String deliveryZip,
    @NotNull(message = "Not a valid credit card number") @CreditCardNumber(ignoreNonDigitCharacters = true, message = "Not a valid credit card number") @Pattern(regexp = "^[\\s-]*[1-9](?:[\\s-]*\\d){11,18}[\\s-]*$", message = "Not a valid credit card number") String ccNumber,
    @NotNull(message = "Must be formatted MM/YY") @Pattern(regexp = "^(0[1-9]|1[0-2])/\\d{2}$", message = "Must be formatted MM/YY") String ccExpiration,
    @NotNull(message = "Invalid CVV") @Pattern(regexp = "^\\d{3}$", message = "Invalid CVV") String ccCVV,
    @NotNull(message = "You must order at least 1 taco") @Size(min = 1, message = "You must order at least 1 taco") @Size(max = 50, message = "At most 50 tacos per order") List<@NotNull @Valid Taco> tacos) {

  /** C0, DEL, C1, line/paragraph separators, direction marks and overrides, as our contract refuses. */
  static final String NO_CONTROL = "^[^\\p{Cc}\\u2028\\u2029\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*$";

  public record Taco(
      @NotNull(message = "Name must be at least 5 characters long") @Size(min = 5, max = 200, message = "Name must be at least 5 characters long") String name,
      @NotNull(message = "You must choose at least 1 ingredient") @Size(min = 1, message = "You must choose at least 1 ingredient") @Size(max = 20, message = "At most 20 ingredients per taco") List<@NotNull(message = "Unknown ingredient") @Pattern(regexp = Ingredients.IDS, message = "Unknown ingredient") String> ingredients) {}

  /** The card number as digits only, as our contract keeps it after validation. */
  String cardDigits() {
    return ccNumber.replaceAll("[\\s-]", "");
  }
}
