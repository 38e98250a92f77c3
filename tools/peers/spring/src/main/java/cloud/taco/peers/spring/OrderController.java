// POST /orders: bean validation, then 202 with the record's partition and offset once Kafka
// acknowledged it on all in-sync replicas.
package cloud.taco.peers.spring;

import jakarta.validation.Valid;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrderController {
  private final OrderMessagingService messaging;

  public OrderController(OrderMessagingService messaging) {
    this.messaging = messaging;
  }

  @PostMapping(path = "/orders", consumes = "application/json")
  public CompletableFuture<ResponseEntity<OrderMessagingService.OrderReceipt>> placeOrder(@Valid @RequestBody TacoOrder order) {
    return messaging.sendOrder(order).thenApply(receipt -> ResponseEntity.status(HttpStatus.ACCEPTED).body(receipt));
  }
}
