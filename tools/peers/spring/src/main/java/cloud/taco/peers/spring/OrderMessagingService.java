// The book's port for sending orders, returning where Kafka stored the record.
package cloud.taco.peers.spring;

import java.util.concurrent.CompletableFuture;

public interface OrderMessagingService {
  CompletableFuture<OrderReceipt> sendOrder(TacoOrder order);

  record OrderReceipt(String status, String orderId, String topic, int partition, String offset, String timestamp) {}
}
